-- Finer statistics on the two searched texts (1,000 histogram entries instead of 100), so that
-- the planner tells a common search fragment from a rare one: for "ada" or "customer15" (one
-- account in 20 or 100) walking the primary key in order fills the first page at once, while
-- the trigram indexes would fetch and sort every match (100 ms and more at 1,000,000
-- accounts); for a whole address the trigram indexes are the quick way. See store/search.rs.
ALTER TABLE users ALTER COLUMN email_key SET STATISTICS 1000;
ALTER INDEX users_name_trgm ALTER COLUMN 1 SET STATISTICS 1000;
ANALYZE users;
