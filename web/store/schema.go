package store

// schema is every table of the database. The schema grows by new tables and nullable columns only, so
// that a data folder of an older nianbao opens as it is (a version without facts is checked again once).
const schema = `
-- files, rosters, units, their submissions and versions, settings (store.go, versions.go)
CREATE TABLE IF NOT EXISTS blobs(
	sha256 TEXT PRIMARY KEY, size INTEGER NOT NULL, created TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS rosters(
	year INTEGER PRIMARY KEY, name TEXT NOT NULL, sha256 TEXT NOT NULL, updated TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS units(
	year INTEGER NOT NULL, pos INTEGER NOT NULL, code TEXT NOT NULL, name TEXT NOT NULL,
	parent TEXT NOT NULL, category TEXT NOT NULL, row INTEGER NOT NULL, PRIMARY KEY(year, pos));
CREATE TABLE IF NOT EXISTS submissions(
	id INTEGER PRIMARY KEY, year INTEGER NOT NULL, unit_key TEXT NOT NULL,
	unit_code TEXT NOT NULL, unit_name TEXT NOT NULL, UNIQUE(year, unit_key));
CREATE TABLE IF NOT EXISTS versions(
	id INTEGER PRIMARY KEY, submission_id INTEGER NOT NULL REFERENCES submissions(id),
	year INTEGER NOT NULL, sha256 TEXT NOT NULL REFERENCES blobs(sha256), name TEXT NOT NULL,
	modified TEXT NOT NULL, received TEXT NOT NULL, verdict TEXT NOT NULL, result TEXT NOT NULL,
	UNIQUE(year, sha256));
CREATE TABLE IF NOT EXISTS settings(
	year INTEGER NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY(year, name));

-- the clerk's acts and the log (acts.go)
CREATE TABLE IF NOT EXISTS withdrawals(
	version_id INTEGER PRIMARY KEY REFERENCES versions(id), at TEXT NOT NULL, actor TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS choices(
	submission_id INTEGER PRIMARY KEY REFERENCES submissions(id),
	version_id INTEGER NOT NULL REFERENCES versions(id), at TEXT NOT NULL, actor TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS receipts(
	version_id INTEGER PRIMARY KEY REFERENCES versions(id), batch TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS log(
	id INTEGER PRIMARY KEY, year INTEGER NOT NULL, at TEXT NOT NULL, actor TEXT NOT NULL, act TEXT NOT NULL,
	version_id INTEGER NOT NULL DEFAULT 0, unit TEXT NOT NULL DEFAULT '');

-- return copies handed out (returns.go)
CREATE TABLE IF NOT EXISTS returns(
	version_id INTEGER PRIMARY KEY REFERENCES versions(id), at TEXT NOT NULL, actor TEXT NOT NULL);

-- what the status and the summary need of a version (facts.go)
CREATE TABLE IF NOT EXISTS facts(
	version_id INTEGER PRIMARY KEY REFERENCES versions(id),
	counts TEXT NOT NULL, first_error TEXT NOT NULL, report TEXT NOT NULL, members TEXT NOT NULL,
	filler TEXT, phone TEXT);

-- explanations recorded in the page (explain.go)
CREATE TABLE IF NOT EXISTS explanations(
	version_id INTEGER NOT NULL REFERENCES versions(id), finding TEXT NOT NULL, text TEXT NOT NULL,
	at TEXT NOT NULL, actor TEXT NOT NULL, PRIMARY KEY(version_id, finding));

-- the units' submission links (links.go)
CREATE TABLE IF NOT EXISTS links(
	id INTEGER PRIMARY KEY, year INTEGER NOT NULL, code TEXT NOT NULL, hash TEXT NOT NULL,
	created TEXT NOT NULL, revoked TEXT NOT NULL DEFAULT '');
CREATE INDEX IF NOT EXISTS links_unit ON links(year, code);
`
