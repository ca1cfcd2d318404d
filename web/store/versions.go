package store

import (
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"time"

	"nianbao/batch"
	"nianbao/internal/fsx"
)

// Version is one received file of a unit: a submission has one version per file received, newest last.
type Version struct {
	ID           int64         `json:"id"`
	SubmissionID int64         `json:"submission"`
	Year         int           `json:"year"`
	SHA256       string        `json:"sha256"`
	Name         string        `json:"name"`
	Modified     time.Time     `json:"modified"`
	Received     time.Time     `json:"received"`
	Verdict      batch.Verdict `json:"verdict"`
	// Withdrawn is when the clerk withdrew the version (nil while it counts); Chosen is true when the
	// clerk chose it as the version of its unit.
	Withdrawn *time.Time `json:"withdrawn,omitempty"`
	Chosen    bool       `json:"chosen,omitempty"`
	// Batch names the upload the version came in (one drop on the page, one API request): the versions of
	// a unit received in one batch are ordered by modification time, as in a folder given to `summary`.
	Batch string `json:"-"`
	// File is the check result as stored: the batch.File JSON (without the report itself).
	File batch.File `json:"-"`
}

var shaPattern = regexp.MustCompile(`^[0-9a-f]{64}$`)

// IsSHA says whether s is a digest as the store names its files: 64 lower-case hex digits.
func IsSHA(s string) bool { return shaPattern.MatchString(s) }

// BlobPath is where the file with a digest is stored. It panics on anything but a digest, so that no
// text from outside can become a path.
func (s *Store) BlobPath(sha string) string {
	if !shaPattern.MatchString(sha) {
		panic("web: not a sha256: " + sha)
	}
	return filepath.Join(s.dir, "files", sha)
}

// ErrNoBlob is why a stored file cannot be read, in the clerk's words (never the store's path).
var ErrNoBlob = errors.New("文件已不在数据文件夹中")

// ReadBlob returns the content of the stored file of digest sha, or ErrNoBlob.
func (s *Store) ReadBlob(sha string) ([]byte, error) {
	data, err := os.ReadFile(s.BlobPath(sha))
	if err != nil {
		return nil, ErrNoBlob
	}
	return data, nil
}

// PutBlob stores data under its SHA-256 (atomically, once) and returns the digest.
func (s *Store) PutBlob(data []byte) (string, error) {
	sum := sha256.Sum256(data)
	sha := hex.EncodeToString(sum[:])
	path := s.BlobPath(sha)
	if st, err := os.Stat(path); err != nil || st.Size() != int64(len(data)) {
		if err := fsx.WriteAtomic(path, data); err != nil {
			return "", err
		}
	}
	_, err := s.db.Exec(`INSERT INTO blobs(sha256, size, created) VALUES(?,?,?) ON CONFLICT DO NOTHING`,
		sha, len(data), Stamp(time.Now()))
	return sha, err
}

const versionCols = `v.id, v.submission_id, v.year, v.sha256, v.name, v.modified, v.received, v.verdict, v.result,
	COALESCE(w.at, ''), c.version_id IS NOT NULL, COALESCE(r.batch, '')`

// versionFrom joins a version with its withdrawal and its choice.
const versionFrom = `FROM versions v LEFT JOIN withdrawals w ON w.version_id=v.id LEFT JOIN choices c ON c.version_id=v.id
	LEFT JOIN receipts r ON r.version_id=v.id`

func scanVersion(sc interface{ Scan(...any) error }) (*Version, error) {
	return scanVersionAs(sc, false)
}

// scanVersionAs scans a version; with head, only the head of its result (resultHead), for lists.
func scanVersionAs(sc interface{ Scan(...any) error }, head bool) (*Version, error) {
	var v Version
	var modified, received, result, withdrawn string
	if err := sc.Scan(&v.ID, &v.SubmissionID, &v.Year, &v.SHA256, &v.Name, &modified, &received, &v.Verdict, &result,
		&withdrawn, &v.Chosen, &v.Batch); err != nil {
		return nil, err
	}
	if v.Batch == "" { // recorded before batches were kept: a batch of its own
		v.Batch = "version:" + strconv.FormatInt(v.ID, 10)
	}
	if withdrawn != "" {
		t := ParseStamp(withdrawn)
		v.Withdrawn = &t
	}
	v.Modified, v.Received = ParseStamp(modified), ParseStamp(received)
	if head {
		var h resultHead
		if err := json.Unmarshal([]byte(result), &h); err != nil {
			return nil, fmt.Errorf("web: version %d: %w", v.ID, err)
		}
		v.File = h.File
		return &v, nil
	}
	if err := json.Unmarshal([]byte(result), &v.File); err != nil {
		return nil, fmt.Errorf("web: version %d: %w", v.ID, err)
	}
	return &v, nil
}

// VersionBySHA returns the version of a year holding the file with a digest, or nil.
func (s *Store) VersionBySHA(year int, sha string) (*Version, error) {
	v, err := scanVersion(s.db.QueryRow(`SELECT `+versionCols+` `+versionFrom+` WHERE v.year=? AND v.sha256=?`, year, sha))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return v, err
}

// Version returns one version of a year, or nil.
func (s *Store) Version(year int, id int64) (*Version, error) {
	v, err := scanVersion(s.db.QueryRow(`SELECT `+versionCols+` `+versionFrom+` WHERE v.year=? AND v.id=?`, year, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return v, err
}

// VersionHeads returns every version of a year, withdrawn ones included, by file name then id, each with
// the head of its result only (no values, no findings): for the lists of the status and the reminders.
func (s *Store) VersionHeads(year int) ([]*Version, error) {
	rows, err := s.db.Query(`SELECT `+versionCols+` `+versionFrom+` WHERE v.year=? ORDER BY v.name, v.id`, year)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Version
	for rows.Next() {
		v, err := scanVersionAs(rows, true)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// resultHead is what versionHeads decodes of a stored result: the file's result without its values and
// findings (the bulk of it), which the fields of the same JSON names at the outer level take and drop.
type resultHead struct {
	batch.File
	Values   dropped `json:"values"`
	Findings dropped `json:"findings"`
}

// dropped is a JSON value skipped when decoded.
type dropped struct{}

// UnmarshalJSON skips the value.
func (dropped) UnmarshalJSON([]byte) error { return nil }

// SubmissionVersions returns the versions of one submission (withdrawn ones included) in the order
// received, oldest first.
func (s *Store) SubmissionVersions(id int64) ([]*Version, error) {
	return s.versions(`SELECT `+versionCols+` `+versionFrom+` WHERE v.submission_id=? ORDER BY v.received, v.id`, id)
}

func (s *Store) versions(q string, args ...any) ([]*Version, error) {
	rows, err := s.db.Query(q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Version
	for rows.Next() {
		v, err := scanVersion(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// UpdateResult replaces the stored check result of a version and its facts (after the cross-year source
// changed, or an explanation changed its findings).
func (s *Store) UpdateResult(id int64, f batch.File) error {
	return s.UpdateResults([]*Version{{ID: id, File: f}})
}
