package read

import (
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"nianbao/internal/testbook"
	"nianbao/xlsx/read/cfb"
)

func biffRec(id uint16, data []byte) []byte {
	b := binary.LittleEndian.AppendUint16(nil, id)
	b = binary.LittleEndian.AppendUint16(b, uint16(len(data)))
	return append(b, data...)
}

// Without LibreOffice, an encrypted .xls gets the verdict of an encrypted .xlsx, and an Excel 95 file a
// message saying what it is and how to go on, with the install hint.
func TestLegacyVerdictsWithoutSoffice(t *testing.T) {
	t.Setenv("NIANBAO_SOFFICE", "")
	t.Setenv("PATH", t.TempDir())
	dir := t.TempDir()
	bof8 := biffRec(0x0809, append([]byte{0, 6, 5, 0}, make([]byte, 12)...))
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	enc := write("加密.xls", cfb.Build("Workbook", append(bof8, biffRec(0x002F, make([]byte, 54))...)))
	_, err := Open(enc, Limits{})
	checkOutcome(t, enc, openCase{kind: ErrEncrypted, msg: Encrypted.Verdict()}, nil, err)

	old := write("旧版.xls", cfb.Build("Book", biffRec(0x0809, []byte{0, 5, 5, 0, 0, 0, 0, 0})))
	_, err = Open(old, Limits{})
	checkOutcome(t, old, openCase{kind: ErrNoSoffice, msg: "Excel 95 或更早版本的 .xls 文件，本程序无法直接读取，请用 Excel 或 WPS 打开后另存为 .xlsx 再提交（或安装 LibreOffice 后重试：例如 apt install"}, nil, err)

	bad := write("损坏.xls", cfb.Build("Workbook", append(bof8, 0x5C, 0, 0xFF, 0xFF)))
	_, err = Open(bad, Limits{})
	checkOutcome(t, bad, openCase{kind: ErrCorrupt, msg: "文件已损坏：记录长度超出了数据流的末尾"}, nil, err)
}

// The cell limit applies to legacy files as to .xlsx (and bounds the shared strings of an .xls): the
// verdict names the limit and the sheet.
func TestLegacyLimits(t *testing.T) {
	xls, ods := filepath.Join(legacyCorpusDir, "2021-ok.xls"), filepath.Join(legacyCorpusDir, "2021-ok.ods")
	_, err := Open(xls, Limits{MaxCells: 100})
	checkOutcome(t, xls, openCase{kind: ErrTooLarge, limit: "共享字符串数", msg: "超过限制：共享字符串数不得超过 100"}, nil, err)
	for _, p := range []string{xls, ods} {
		_, err = Open(p, Limits{MaxCells: 600})
		checkOutcome(t, p, openCase{kind: ErrTooLarge, limit: LimitCells, sheet: "校验", msg: "超过限制：单元格数不得超过 600"}, nil, err)
	}
}

// With LibreOffice, an encrypted .xls is tried there (Excel's built-in password opens without asking), and
// one LibreOffice cannot open keeps the verdict of an encrypted .xlsx.
func TestEncryptedXLSWithSoffice(t *testing.T) {
	testbook.NeedOffice(t)
	t.Parallel()
	bof8 := biffRec(0x0809, append([]byte{0, 6, 5, 0}, make([]byte, 12)...))
	enc := filepath.Join(t.TempDir(), "加密.xls")
	if err := os.WriteFile(enc, cfb.Build("Workbook", append(bof8, biffRec(0x002F, make([]byte, 54))...)), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Open(enc, Limits{})
	checkOutcome(t, enc, openCase{kind: ErrEncrypted, msg: Encrypted.Verdict()}, nil, err)
}

// An encrypted .xls that LibreOffice opens (a workbook protected with Excel's built-in password) but whose
// converted workbook exceeds a limit gets the limit's verdict, not 文件已加密: the file is not locked, it
// is too large. The conversion is a stand-in soffice that writes a real workbook (mixed.xlsx).
func TestEncryptedXLSConvertedTooLarge(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the stand-in soffice is a shell script")
	}
	src, err := filepath.Abs(filepath.Join("testdata", "legacy", "mixed.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	fake := filepath.Join(t.TempDir(), "soffice")
	script := "#!/bin/sh\nout=; prev=; last=\nfor a in \"$@\"; do [ \"$prev\" = --outdir ] && out=$a; prev=$a; last=$a; done\n" +
		"b=${last##*/}\nexec /bin/cp '" + src + "' \"$out/${b%.*}.xlsx\"\n"
	if err := os.WriteFile(fake, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("NIANBAO_SOFFICE", fake)
	bof8 := biffRec(0x0809, append([]byte{0, 6, 5, 0}, make([]byte, 12)...))
	enc := filepath.Join(t.TempDir(), "加密.xls")
	if err := os.WriteFile(enc, cfb.Build("Workbook", append(bof8, biffRec(0x002F, make([]byte, 54))...)), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(enc, Limits{}); err != nil {
		t.Fatalf("converted by the stand-in: %v", err)
	}
	_, err = Open(enc, Limits{MaxCells: 3})
	if !errors.Is(err, ErrTooLarge) {
		t.Errorf("converted workbook over the cell limit: %v, want %s", err, ErrTooLarge)
	}
}
