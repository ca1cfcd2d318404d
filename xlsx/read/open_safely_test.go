package read

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"nianbao/internal/testbook"
)

func TestSafely(t *testing.T) {
	good := filepath.Join(badDir, "good.xlsx")
	t.Run("passes the workbook", func(t *testing.T) {
		var grids int
		err := Safely(good, Limits{}, func(wb *Workbook) error { grids = len(wb.Grids); return nil })
		if err != nil || grids != 2 {
			t.Fatalf("err %v, %d grids; want nil and 2", err, grids)
		}
	})
	t.Run("panic in the callback is the file's error", func(t *testing.T) {
		err := Safely(good, Limits{}, func(wb *Workbook) error {
			var m map[string]int
			//lint:ignore SA5000 the test needs a panic inside the callback
			m["x"]++ // a nil-map write panics
			return nil
		})
		checkOutcome(t, good, openCase{kind: ErrPanic, msg: "读取文件时程序内部出错"}, nil, err)
		if !strings.Contains(err.Error(), "assignment to entry in nil map") {
			t.Errorf("the Go error should keep the panic: %v", err)
		}
	})
	t.Run("timeout", func(t *testing.T) {
		start := time.Now()
		err := Safely(good, Limits{Timeout: 100 * time.Millisecond}, func(*Workbook) error {
			time.Sleep(3 * time.Second)
			return nil
		})
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("Safely returned after %v, want about the 100ms limit", d)
		}
		checkOutcome(t, good, openCase{kind: ErrTimeout, limit: LimitTimeout, msg: "处理超时：处理时间不得超过 100ms"}, nil, err)
	})
	t.Run("open error skips the callback", func(t *testing.T) {
		called := false
		p := filepath.Join(badDir, "encrypted.xlsx")
		err := Safely(p, Limits{}, func(*Workbook) error { called = true; return nil })
		if called || !errors.Is(err, ErrEncrypted) {
			t.Errorf("called %v, err %v; want no call and ErrEncrypted", called, err)
		}
	})
	t.Run("callback error passes through", func(t *testing.T) {
		mine := errors.New("mine")
		if err := Safely(good, Limits{}, func(*Workbook) error { return mine }); err != mine {
			t.Errorf("err %v, want the callback's", err)
		}
	})
	t.Run("missing file", func(t *testing.T) {
		p := filepath.Join(t.TempDir(), "无此文件.xlsx")
		err := Safely(p, Limits{}, func(*Workbook) error { return nil })
		checkOutcome(t, p, openCase{kind: ErrIO, msg: "无法读取文件"}, nil, err)
	})
	t.Run("directory", func(t *testing.T) {
		p := t.TempDir()
		_, err := Open(p, Limits{})
		checkOutcome(t, p, openCase{kind: ErrIO, msg: "不是普通文件"}, nil, err)
	})
}

// A slow conversion is stopped by the conversion time limit and LibreOffice is killed.
func TestConvertTimeout(t *testing.T) {
	testbook.NeedOffice(t)
	p := filepath.Join(badDir, "xmlss.xls") // .xls/.et/.ods are read without LibreOffice
	start := time.Now()
	_, err := Open(p, Limits{ConvertTimeout: 50 * time.Millisecond})
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("returned after %v", d)
	}
	checkOutcome(t, p, openCase{kind: ErrTimeout, limit: LimitConvertDur, msg: "用 LibreOffice 转换超时"}, nil, err)
}

func TestFileErrorText(t *testing.T) {
	e := &FileError{Path: "/x/甲局.xlsx", Sheet: "表三", Cell: "D4", Kind: ErrCorrupt, Msg: "单元格内容不是有效的 XML",
		Err: errors.New("boom")}
	if got, want := e.Error(), "xlsx: /x/甲局.xlsx: damaged workbook: sheet 表三 cell D4: boom"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if got, want := e.Message(), "文件“甲局.xlsx”工作表“表三”单元格 D4：单元格内容不是有效的 XML"; got != want {
		t.Errorf("Message() = %q, want %q", got, want)
	}
	if e.Chinese() != e.Message() || Message(e) != e.Message() || Message(nil) != "" {
		t.Error("Chinese/Message disagree")
	}
	if !errors.Is(e, ErrCorrupt) || errors.Is(e, ErrEncrypted) || errors.Unwrap(e).Error() != "boom" {
		t.Error("errors.Is/Unwrap wrong")
	}
}
