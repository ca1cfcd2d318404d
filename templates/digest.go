package templates

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"math"
	"sort"
	"strconv"
	"strings"

	"nianbao/model"
)

// MetaDigest is the meta key holding a workbook's digest.
const MetaDigest = "digest"

// digestKeys are the meta keys a digest covers, in order.
var digestKeys = []string{metaTool, metaKind, metaSpec, metaForm, metaYear, metaUnitCode, metaUnitName, metaCovers}

// Member is one unit row of a summary's 明细 sheets, for its digest.
type Member struct {
	Code, Name string
	Report     *model.Report
}

// Digest returns the SHA-256, in hex, of a canonical form of a workbook's meta (the keys of digestKeys as
// stored) and, for a summary, of its figures: the input cells of total's tables and every cell of each
// member's row, members in code order, numbers rounded as model.Round and printed in Go's shortest form.
// A template's digest covers its meta only (total and members nil), so that a template whose kind, year or
// unit was changed is recognised; a summary's covers its tables and detail rows too.
//
// The digest is no signature: anyone with this program can recompute it. It detects the edits a clerk
// makes with a spreadsheet program, which keeps the hidden meta sheet as it was.
func Digest(meta map[string]string, total *model.Report, members []Member) string {
	// The canonical text goes straight into the hash: for a province it would be hundreds of megabytes.
	h := sha256.New()
	b := bufio.NewWriterSize(h, 32<<10)
	b.WriteString("nianbao digest 1\n")
	for _, k := range digestKeys {
		b.WriteString(k)
		b.WriteByte('=')
		b.WriteString(strings.TrimSpace(meta[k]))
		b.WriteByte('\n')
	}
	if total != nil {
		tables := model.FormOf(total.Version).Tables
		for _, t := range tables {
			b.WriteString("[" + t.ID + "]\n")
			for _, c := range t.Cells() {
				if c.Input() {
					writeValue(b, c.Key, total.Get(c.Key))
				}
			}
		}
		ms := append([]Member(nil), members...)
		sort.SliceStable(ms, func(i, j int) bool { return ms[i].Code < ms[j].Code })
		for _, m := range ms {
			b.WriteString("[member " + strings.TrimSpace(m.Code) + " " + strings.TrimSpace(m.Name) + "]\n")
			for _, t := range tables {
				for _, c := range t.Cells() {
					v := 0.0
					if m.Report != nil {
						v = m.Report.Get(c.Key)
					}
					writeValue(b, c.Key, v)
				}
			}
		}
	}
	b.Flush() // a hash never fails to write
	return hex.EncodeToString(h.Sum(nil))
}

func writeValue(b *bufio.Writer, key string, v float64) {
	b.WriteString(key)
	b.WriteByte('=')
	var num [32]byte
	v = model.Round(v) + 0
	if v == math.Trunc(v) && math.Abs(v) < 1e6 { // 'g' writes these as plain integers too
		b.Write(strconv.AppendInt(num[:0], int64(v), 10))
	} else {
		b.Write(strconv.AppendFloat(num[:0], v, 'g', -1, 64))
	}
	b.WriteByte('\n')
}

// MetaMap returns the meta rows as a map, as a reader sees them.
func MetaMap(rows [][2]string) map[string]string {
	m := make(map[string]string, len(rows))
	for _, kv := range rows {
		m[kv[0]] = kv[1]
	}
	return m
}
