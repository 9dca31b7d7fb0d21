-- Every row of every customer list shows the account's organizations, looked up by account
-- (store/search.rs). With the organization's id in the index by account, that lookup reads
-- the index alone: before, each row also read its membership row from the table, a third
-- random page per listed account beside the account and the index (at 10,000,000 customers,
-- with pages not yet cached, an organization's first member page took ~15 ms instead of
-- ~10 ms).
DROP INDEX organization_members_user;
CREATE INDEX organization_members_user ON organization_members(user_id, organization_id);
