package season

import "time"

// Upload is one received file, in memory; rejected files carry the reason instead of data.
type Upload struct {
	Name     string
	Data     []byte
	Modified time.Time
	// Rejected says in Chinese why the file was not taken (too large); such a file gets 无法读取.
	Rejected string
}
