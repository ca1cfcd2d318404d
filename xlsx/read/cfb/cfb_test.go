package cfb

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func open(t *testing.T, b []byte) ([]byte, error) {
	t.Helper()
	f, err := Open(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, err
	}
	data, ok, err := f.Stream("Workbook")
	if err == nil && !ok {
		t.Fatal("no Workbook stream")
	}
	return data, err
}

func TestBuildRoundTrip(t *testing.T) {
	want := bytes.Repeat([]byte("年报"), 3000)
	got, err := open(t, Build("Workbook", want))
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("stream %d bytes, err %v; want %d bytes", len(got), err, len(want))
	}
}

// LibreOffice's .xls files open and hold a Workbook stream starting with a BIFF8 BOF record.
func TestReadsLibreOfficeFiles(t *testing.T) {
	files, _ := filepath.Glob("../testdata/legacy/*.xls")
	if len(files) == 0 {
		t.Fatal("no corpus")
	}
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		ws, err := open(t, b)
		if err != nil || len(ws) < 8 || binary.LittleEndian.Uint16(ws) != 0x0809 || binary.LittleEndian.Uint16(ws[4:]) != 0x0600 {
			t.Errorf("%s: %d bytes, err %v", p, len(ws), err)
		}
	}
}

// Hostile containers end in ErrFormat quickly, never in a panic, a hang or a huge allocation.
func TestHostileContainers(t *testing.T) {
	le := binary.LittleEndian
	base := Build("Workbook", bytes.Repeat([]byte{1}, 5000))
	fatAt := func(i int) int { return 512 + 4*i } // the FAT is sector 0
	cases := map[string]func(b []byte){
		"chain loops onto itself":    func(b []byte) { le.PutUint32(b[fatAt(3):], 3) },
		"chain loops back":           func(b []byte) { le.PutUint32(b[fatAt(10):], 2) },
		"sector beyond the file":     func(b []byte) { le.PutUint32(b[fatAt(2):], 0x00FFFFF0) },
		"FAT sector count too large": func(b []byte) { le.PutUint32(b[0x2C:], 0x7FFFFFFF) },
		"FAT sector beyond the file": func(b []byte) { le.PutUint32(b[0x4C:], 0x00FFFFF0) },
		"DIFAT chain loops": func(b []byte) {
			le.PutUint32(b[0x2C:], 200) // more FAT sectors than the header lists: the DIFAT goes on
			le.PutUint32(b[0x44:], 1)
			le.PutUint32(b[512+1*512+508:], 1)
		},
		"stream size beyond the file": func(b []byte) { le.PutUint64(b[1024+128+0x78:], 1<<31) },
		"chain shorter than the size": func(b []byte) { le.PutUint32(b[fatAt(4):], endOfChain) },
		"directory chain loops":       func(b []byte) { le.PutUint32(b[fatAt(1):], 1) },
		"bad sector shift":            func(b []byte) { le.PutUint16(b[0x1E:], 30) },
		"truncated":                   nil,
	}
	for name, mutate := range cases {
		t.Run(name, func(t *testing.T) {
			b := append([]byte(nil), base...)
			if mutate == nil {
				b = b[:700]
			} else {
				mutate(b)
			}
			start := time.Now()
			_, err := open(t, b)
			if !errors.Is(err, ErrFormat) {
				t.Errorf("err %v, want ErrFormat", err)
			}
			if d := time.Since(start); d > time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
}

// FuzzCFB: any bytes give a stream or an error.
func FuzzCFB(f *testing.F) {
	files, _ := filepath.Glob("../testdata/legacy/*.xls")
	for _, p := range files[:min(len(files), 3)] {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add(Build("Workbook", []byte("x")))
	f.Fuzz(func(t *testing.T, b []byte) {
		fl, err := Open(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			return
		}
		data, _, err := fl.Stream("Workbook")
		if err == nil && len(data) > len(b) {
			t.Fatalf("stream of %d bytes from a file of %d", len(data), len(b))
		}
	})
}
