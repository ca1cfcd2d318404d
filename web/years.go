package web

import (
	"fmt"
	"time"

	"nianbao/model"
	"nianbao/web/store"
)

// recentReceipt is how long after its files were received a year's workspace still counts as being
// collected.
const recentReceipt = 120 * 24 * time.Hour

// likelyYear is the year the page opens on: of the years with files received within recentReceipt
// before now (rec, from ReceivedSince), the one with the most (then the latest) — late files of 2024
// still coming in in July 2025 keep 2024 open, one file of 2023 routed to its workspace does not take
// over —, else the year being collected by the calendar (model.CollectingYear). It also says why, in
// Chinese, for the page.
func likelyYear(now time.Time, rec map[int]store.Receipts) (int, string) {
	year, why := model.CollectingYear(now), "按日期正在收集的年度"
	var best store.Receipts
	for y, r := range rec {
		if r.Files == 0 || now.Sub(r.Last) > recentReceipt {
			continue
		}
		if r.Files > best.Files || r.Files == best.Files && (r.Last.After(best.Last) || r.Last.Equal(best.Last) && y > year) {
			year, best = y, r
		}
	}
	if best.Files > 0 {
		why = fmt.Sprintf("近期收到文件最多的年度（%d 个文件，最近一次 %s）", best.Files, best.Last.Format("2006-01-02"))
	}
	return year, why
}
