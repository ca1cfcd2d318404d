package biff_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"nianbao/xlsx/read/biff"
	"nianbao/xlsx/read/book"
	"nianbao/xlsx/read/ods"
)

func TestTmpHostile(t *testing.T) {
	dir := os.Getenv("DBGDIR")
	if dir == "" {
		t.Skip()
	}
	m, _ := filepath.Glob(filepath.Join(dir, "*"))
	for _, p := range m {
		data, _ := os.ReadFile(p)
		read := biff.Read
		if strings.HasSuffix(p, ".ods") {
			read = ods.Read
		}
		start := time.Now()
		b, err := read(data, book.DefaultLimits())
		n := 0
		if b != nil {
			for _, s := range b.Sheets {
				for _, r := range s.Rows {
					n += len(r)
				}
			}
		}
		fmt.Printf("%s: %v cells=%d err=%v\n", filepath.Base(p), time.Since(start).Round(time.Millisecond), n, err)
	}
}
