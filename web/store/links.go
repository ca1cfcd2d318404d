package store

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"nianbao/internal/fsx"
)

// Self-service submission links: one per roster unit and year. A link's token is
//
//	nb<id>_<base64url(HMAC-SHA256(links.key, "nianbao link <id> <year> <code>"))>
//
// 32 bytes of MAC, so as unguessable as links.key, a random 32-byte key kept in the data folder beside
// (not in) the database. The database keeps only SHA-256(token): a copy of nianbao.db gives no token, and a
// presented token is checked by hashing it and comparing the hashes in constant time. The key lets the
// clerk download the links again (links.xlsx) at any time, after a restart too, without storing tokens.
// A revoked link keeps its row (revoked time); a new link for the unit is a new row, hence a new token.

// LinkKeyFile is the name of the link key in the data folder.
const LinkKeyFile = "links.key"

// Link is one unit's submission link.
type Link struct {
	ID      int64      `json:"-"`
	Year    int        `json:"year"`
	Code    string     `json:"code"`
	Created time.Time  `json:"created"`
	Revoked *time.Time `json:"revoked,omitempty"`
	hash    []byte
}

// Errors of a presented unit token.
var (
	ErrNoLink      = errors.New("no such link")
	ErrLinkRevoked = errors.New("link revoked")
)

// compareHash compares token hashes; a variable so that a test can see every check go through it.
var compareHash = subtle.ConstantTimeCompare

// linkKey is a store's link key, once read or made.
type linkKey struct {
	mu  sync.Mutex
	key []byte
}

// linkKey returns the store's link key, creating it (32 random bytes, readable by the owner only) on first
// use. A failure is not kept: the next call tries again (a full disk may have room by then).
func (s *Store) linkKey() ([]byte, error) {
	k := &s.links
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.key != nil {
		return k.key, nil
	}
	path := filepath.Join(s.dir, LinkKeyFile)
	data, err := os.ReadFile(path)
	if err == nil && len(data) == 32 {
		k.key = data
		return k.key, nil
	}
	if err != nil && !os.IsNotExist(err) {
		return nil, fmt.Errorf("无法读取链接密钥 %s：%v", path, err)
	}
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	if err := fsx.WritePrivate(path, key); err != nil {
		return nil, fmt.Errorf("无法保存链接密钥 %s：%v", path, err)
	}
	k.key = key
	return k.key, nil
}

// tokenOf derives the token of a link from the key.
func tokenOf(key []byte, id int64, year int, code string) string {
	m := hmac.New(sha256.New, key)
	fmt.Fprintf(m, "nianbao link %d %d %s", id, year, code)
	return "nb" + strconv.FormatInt(id, 10) + "_" + base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

func hashToken(t string) []byte {
	h := sha256.Sum256([]byte(t))
	return h[:]
}

// LinkID parses the link id of a token; ok is false when t is not shaped as a unit token.
func LinkID(t string) (int64, bool) {
	rest, ok := strings.CutPrefix(t, "nb")
	if !ok {
		return 0, false
	}
	num, mac, ok := strings.Cut(rest, "_")
	if !ok || len(mac) != 43 {
		return 0, false
	}
	id, err := strconv.ParseInt(num, 10, 64)
	return id, err == nil && id > 0
}

const linkCols = `id, year, code, hash, created, revoked`

func scanLink(sc interface{ Scan(...any) error }) (*Link, error) {
	var l Link
	var hash, created, revoked string
	if err := sc.Scan(&l.ID, &l.Year, &l.Code, &hash, &created, &revoked); err != nil {
		return nil, err
	}
	l.hash, _ = hex.DecodeString(hash)
	l.Created = ParseStamp(created)
	if revoked != "" {
		t := ParseStamp(revoked)
		l.Revoked = &t
	}
	return &l, nil
}

// dummyHash is compared against when a token names no link, so that an unknown id costs a comparison too.
var dummyHash = make([]byte, sha256.Size)

// CheckUnitToken returns the link of a unit token: ErrNoLink when the token is not a valid one,
// ErrLinkRevoked when its link was revoked. The token's hash is compared in constant time.
func (s *Store) CheckUnitToken(t string) (*Link, error) {
	id, ok := LinkID(t)
	if !ok {
		compareHash(hashToken(t), dummyHash)
		return nil, ErrNoLink
	}
	l, err := scanLink(s.db.QueryRow(`SELECT `+linkCols+` FROM links WHERE id=?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		compareHash(hashToken(t), dummyHash)
		return nil, ErrNoLink
	}
	if err != nil {
		return nil, err
	}
	if compareHash(hashToken(t), l.hash) != 1 {
		return nil, ErrNoLink
	}
	if l.Revoked != nil {
		return nil, ErrLinkRevoked
	}
	return l, nil
}

// Links returns the links of a year that are not revoked, by code.
func (s *Store) Links(year int) (map[string]*Link, error) {
	return links(s.db, year)
}

// links is Links in a database or a transaction.
func links(q interface {
	Query(string, ...any) (*sql.Rows, error)
}, year int) (map[string]*Link, error) {
	rows, err := q.Query(`SELECT `+linkCols+` FROM links WHERE year=? AND revoked='' ORDER BY id`, year)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]*Link{}
	for rows.Next() {
		l, err := scanLink(rows)
		if err != nil {
			return nil, err
		}
		out[l.Code] = l
	}
	return out, rows.Err()
}

// Token returns the token of a link, derived again from the key; "" when the key is not the one the link
// was made with (links.key lost or replaced: the link still works but cannot be exported).
func (s *Store) Token(l *Link) (string, error) {
	key, err := s.linkKey()
	if err != nil {
		return "", err
	}
	t := tokenOf(key, l.ID, l.Year, l.Code)
	if compareHash(hashToken(t), l.hash) != 1 {
		return "", nil
	}
	return t, nil
}

// CreateLinks makes a link for each code that has none (with renew, a new link for every code, revoking
// the old one) and logs the act. The links there are are read in the same transaction, so that two
// requests at once (a double click) do not both make one, the second revoking the first's.
func (s *Store) CreateLinks(year int, codes []string, renew bool, actor string) error {
	key, err := s.linkKey()
	if err != nil {
		return err
	}
	return s.inTx(func(tx *sql.Tx) error {
		have, err := links(tx, year)
		if err != nil {
			return err
		}
		now := Stamp(time.Now())
		var made []string
		for _, code := range codes {
			if have[code] != nil && !renew {
				continue
			}
			if _, err := tx.Exec(`UPDATE links SET revoked=? WHERE year=? AND code=? AND revoked=''`, now, year, code); err != nil {
				return err
			}
			res, err := tx.Exec(`INSERT INTO links(year, code, hash, created) VALUES(?,?,'',?)`, year, code, now)
			if err != nil {
				return err
			}
			id, err := res.LastInsertId()
			if err != nil {
				return err
			}
			h := hashToken(tokenOf(key, id, year, code))
			if _, err := tx.Exec(`UPDATE links SET hash=? WHERE id=?`, hex.EncodeToString(h), id); err != nil {
				return err
			}
			made = append(made, code)
		}
		if len(made) == 0 {
			return nil
		}
		act := fmt.Sprintf("生成报送链接（%d 个单位）", len(made))
		unit := ""
		if len(made) == 1 {
			act, unit = "生成报送链接", made[0]
		}
		if renew {
			act = "重新" + act + "，原链接作废"
		}
		return logAct(tx, year, actor, act, 0, unit)
	})
}

// RevokeLink revokes the link of a unit and logs the act; ErrNoLink when it has none.
func (s *Store) RevokeLink(year int, code, actor string) error {
	return s.inTx(func(tx *sql.Tx) error {
		res, err := tx.Exec(`UPDATE links SET revoked=? WHERE year=? AND code=? AND revoked=''`, Stamp(time.Now()), year, code)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNoLink
		}
		if err := logAct(tx, year, actor, "收回报送链接", 0, code); err != nil {
			return err
		}
		return nil
	})
}
