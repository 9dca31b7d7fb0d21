-- Every row of every customer list shows the account's organizations, looked up by account
-- (store/search.rs). With the organization's id in the index by account, the lookup can be an
-- index-only scan instead of one heap fetch per listed account. Same change as SQLite's 0011.
DROP INDEX organization_members_user;
CREATE INDEX organization_members_user ON organization_members(user_id, organization_id);
