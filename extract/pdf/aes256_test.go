package pdf

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAES256 reads the AES-256 files qpdf wrote with an empty user password (testdata/make.sh): revision 5,
// and revision 6 with object streams and restricted permissions, as WPS 文字 and Word write a file with only
// a permissions password. Each gives exactly the lines and tables of the unencrypted file it was made from.
func TestAES256(t *testing.T) {
	for _, tc := range []struct{ enc, plain string }{
		{"encrypted256_r5.pdf", "001_chromium.pdf"},
		{"encrypted256_objstm.pdf", "001_lo.pdf"},
	} {
		t.Run(tc.enc, func(t *testing.T) {
			t.Parallel()
			enc, err := os.ReadFile(filepath.Join("testdata", tc.enc))
			require.NoError(t, err)
			require.True(t, bytes.Contains(enc, []byte("/AESV3")), "not an AES-256 file")
			plain, err := os.ReadFile(filepath.Join("testdata", tc.plain))
			require.NoError(t, err)
			got, err := Read(tc.enc, enc, Limits{})
			require.NoError(t, err)
			want, err := Read(tc.plain, plain, Limits{})
			require.NoError(t, err)
			assert.Equal(t, want.Pages, got.Pages)
			assert.Equal(t, want.Lines, got.Lines)
			require.Equal(t, len(want.Grids), len(got.Grids))
			for i := range want.Grids {
				assert.Equal(t, want.Grids[i].Rows, got.Grids[i].Rows)
			}
			assert.NotEmpty(t, got.Grids)
		})
	}
}

// TestAES256Refused: a user password, a damaged key entry and a damaged stream each give an encryption
// error, never a panic or a report of garbage.
func TestAES256Refused(t *testing.T) {
	t.Parallel()
	user, err := os.ReadFile("testdata/encrypted_user.pdf")
	require.NoError(t, err)
	_, err = Read("u.pdf", user, Limits{})
	require.ErrorIs(t, err, ErrEncrypted)
	assert.Contains(t, err.Error(), "需要打开密码")

	good, err := os.ReadFile("testdata/encrypted256_r5.pdf")
	require.NoError(t, err)
	// UE cut short: the key cannot be recovered.
	bad := bytes.Replace(good, []byte("/UE <"), []byte("/UE <00>/X <"), 1)
	require.NotEqual(t, good, bad, "no hex /UE entry to damage")
	_, err = Read("ue.pdf", bad, Limits{})
	require.Error(t, err)
	assert.True(t, errors.Is(err, ErrEncrypted), "%v", err)
	// U changed: the empty password no longer matches, as with a user password.
	i := bytes.Index(good, []byte("/U <"))
	require.Positive(t, i)
	bad = append([]byte(nil), good...)
	if bad[i+4] = '0'; good[i+4] == '0' {
		bad[i+4] = '1'
	}
	_, err = Read("u2.pdf", bad, Limits{})
	require.ErrorIs(t, err, ErrEncrypted)
	assert.Contains(t, err.Error(), "需要打开密码")
}

// TestAES256Damaged: an AES-256 file cut short or with bytes changed gives a document or an *Error, never a
// panic (the rewriter meets streams without endstream, object streams whose offsets point anywhere).
func TestAES256Damaged(t *testing.T) {
	t.Parallel()
	good, err := os.ReadFile("testdata/encrypted256_objstm.pdf")
	require.NoError(t, err)
	for _, cut := range []int{len(good) / 5, len(good) / 3, len(good) / 2, len(good) - 600} {
		data := append([]byte(nil), good[:cut]...)
		_, err := Read("cut.pdf", data, Limits{})
		if err != nil {
			var pe *Error
			assert.ErrorAs(t, err, &pe, "cut at %d", cut)
		}
	}
	for _, at := range []int{len(good) / 7, len(good) / 4, len(good) / 2} {
		data := append([]byte(nil), good...)
		for i := at; i < at+64 && i < len(data); i++ {
			data[i] ^= 0x5a
		}
		_, err := Read("flipped.pdf", data, Limits{})
		if err != nil {
			var pe *Error
			assert.ErrorAs(t, err, &pe, "bytes changed at %d", at)
		}
	}
}
