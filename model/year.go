package model

import "time"

// CollectingYear returns the report year most likely being collected on a day: reports for a year are due
// early in the next one (by the end of January, with summaries and late returns into spring), so from
// January to June it is last year, from July on this year. The CLI's and the web page's default year.
func CollectingYear(now time.Time) int {
	if now.Month() <= time.June {
		return now.Year() - 1
	}
	return now.Year()
}
