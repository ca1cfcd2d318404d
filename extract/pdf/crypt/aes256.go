// Package crypt decrypts PDF files encrypted with AES-256 (security handler revisions 5 and 6), which the
// parsing library does not know, by rewriting them as ordinary unencrypted PDFs.
package crypt

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/sha256"
	"crypto/sha512"
	"errors"
	"hash"
)

// AES-256 encryption (ISO 32000-2 7.6.4.3, security handler revisions 5 and 6), which the parsing library
// does not know: WPS 文字 and Word write it when the author sets only a permissions ("owner") password, so
// the file opens without a password and must read. The file key is recovered with the empty user
// password; a file with a real user password is refused as encrypted.

// v5Params are the entries of an AES-256 encryption dictionary that key derivation needs.
type v5Params struct {
	r      int    // revision: 5 (Adobe's pre-standard extension level 3) or 6 (ISO 32000-2)
	u, ue  []byte // U: 32-byte hash, 8-byte validation salt, 8-byte key salt; UE: the file key encrypted
	stmID  bool   // streams are not encrypted (/StmF /Identity)
	strID  bool   // strings are not encrypted (/StrF /Identity)
	noMeta bool   // /EncryptMetadata false: metadata streams are not encrypted
}

var (
	// ErrUserPassword means the file needs a user password to open.
	ErrUserPassword = errors.New("pdf: user password needed")
	// ErrLimit means the clear streams are larger than the limit Decrypt was given.
	ErrLimit = errors.New("pdf: decrypted streams over the limit")
)

// fileKey returns the 32-byte file key for the empty user password (Algorithm 2.A), or ErrUserPassword.
func (p *v5Params) fileKey() ([]byte, error) {
	if len(p.u) < 48 || len(p.ue) < 32 {
		return nil, errors.New("the U or UE entry is too short")
	}
	var pw []byte // the empty password; SASLprep of "" is ""
	if !bytes.Equal(p.hash(pw, p.u[32:40], nil), p.u[:32]) {
		return nil, ErrUserPassword
	}
	ik := p.hash(pw, p.u[40:48], nil)
	block, err := aes.NewCipher(ik)
	if err != nil {
		return nil, err
	}
	key := make([]byte, 32)
	cipher.NewCBCDecrypter(block, make([]byte, aes.BlockSize)).CryptBlocks(key, p.ue[:32])
	return key, nil
}

// hash is the password hash: SHA-256 of password, salt and user data for revision 5, and for revision 6
// the iterated hash of Algorithm 2.B (SHA-256/384/512 chosen by each round's AES-128 output).
func (p *v5Params) hash(pw, salt, udata []byte) []byte {
	first := sha256.New()
	first.Write(pw)
	first.Write(salt)
	first.Write(udata)
	k := first.Sum(nil)
	if p.r == 5 {
		return k
	}
	var e []byte
	for i := 0; i < 64 || int(e[len(e)-1]) > i-32; i++ {
		one := make([]byte, 0, len(pw)+len(k)+len(udata))
		one = append(append(append(one, pw...), k...), udata...)
		k1 := bytes.Repeat(one, 64)
		block, _ := aes.NewCipher(k[:16]) // 16 bytes: never fails
		e = make([]byte, len(k1))
		cipher.NewCBCEncrypter(block, k[16:32]).CryptBlocks(e, k1)
		// The first 16 bytes of E as a big-endian number, modulo 3: 256 ≡ 1 (mod 3), so the sum of the bytes.
		sum := 0
		for _, b := range e[:16] {
			sum += int(b)
		}
		var h hash.Hash
		switch sum % 3 {
		case 0:
			h = sha256.New()
		case 1:
			h = sha512.New384()
		default:
			h = sha512.New()
		}
		h.Write(e)
		k = h.Sum(nil)
	}
	return k[:32]
}

// decryptAESV3 decrypts one string or stream: a 16-byte IV, then AES-256-CBC with PKCS#5 padding. Data
// that is not a whole number of blocks is cut to whole blocks; bad padding is kept, as other readers do.
func decryptAESV3(key, data []byte) []byte {
	if len(data) < 2*aes.BlockSize {
		return nil
	}
	iv, body := data[:aes.BlockSize], data[aes.BlockSize:]
	body = append([]byte(nil), body[:len(body)/aes.BlockSize*aes.BlockSize]...)
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil
	}
	cipher.NewCBCDecrypter(block, iv).CryptBlocks(body, body)
	if n := int(body[len(body)-1]); n >= 1 && n <= aes.BlockSize && n <= len(body) {
		pad := true
		for _, b := range body[len(body)-n:] {
			pad = pad && int(b) == n
		}
		if pad {
			body = body[:len(body)-n]
		}
	}
	return body
}
