package read

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"nianbao/internal/testbook"
)

// TestOpenTimeout: a file within every other limit but slow to read stops at Limits.Timeout with the
// ErrTimeout error naming the limit, for the xlsx reader and for a web page saved as .xls alike; with the
// default limits the same file is read in full.
func TestOpenTimeout(t *testing.T) {
	t.Parallel()
	// 10,000 rows take milliseconds to read without -race (the limit is 1ms, ctx is looked at every 4096
	// tokens): slow enough, and half the cost of 20,000 under -race.
	book := testbook.Rows(10000, 2)
	var page strings.Builder
	page.WriteString("<html><body><table>")
	for i := 0; i < 10000; i++ {
		fmt.Fprintf(&page, "<tr><td>%d</td><td>%d</td></tr>", i, i*2)
	}
	page.WriteString("</table></body></html>")
	for _, tc := range []struct {
		name string
		data []byte
	}{{"大表.xlsx", book}, {"网页.xls", []byte(page.String())}} {
		t.Run(tc.name, func(t *testing.T) {
			wb, err := OpenBytes(context.Background(), tc.name, tc.data, Limits{})
			if err != nil || len(wb.Grids) != 1 || len(wb.Grids[0].Rows) != 10000 {
				t.Fatalf("with the default limits: err %v; want the whole sheet", err)
			}
			wb, err = OpenBytes(context.Background(), tc.name, tc.data, Limits{Timeout: time.Millisecond})
			var fe *FileError
			if wb != nil || !errors.As(err, &fe) || !errors.Is(err, ErrTimeout) || fe.Limit != LimitTimeout {
				t.Fatalf("with a 1ms limit: %v, %#v; want ErrTimeout of %s", wb != nil, err, LimitTimeout)
			}
			if want := "文件“" + tc.name + "”：处理超时：处理时间不得超过 1ms"; !strings.HasPrefix(fe.Message(), want) {
				t.Errorf("message %q, want it to start with %q", fe.Message(), want)
			}
		})
	}
}
