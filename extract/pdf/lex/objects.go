package lex

import (
	"regexp"
	"strconv"
)

// MaxObjects bounds the object numbers a file may declare.
const MaxObjects = 1 << 20

var (
	// ObjHeader matches an object header "N G obj"; its groups are the number and the generation.
	ObjHeader = regexp.MustCompile(`(?m)(?:^|[\r\n\s])(\d{1,7})[ \t\r\n]+(\d{1,5})[ \t\r\n]+obj\b`)
	// RootRef matches a trailer's /Root entry; its group is the reference "N G R".
	RootRef = regexp.MustCompile(`/Root\s+(\d+\s+\d+\s+R)`)
)

// Objects finds the objects of data by their headers: object number → offset of the header and
// generation. A later definition replaces an earlier one, as an incremental update does.
func Objects(data []byte) (offs, gens map[int]int) {
	offs, gens = map[int]int{}, map[int]int{}
	for _, m := range ObjHeader.FindAllSubmatchIndex(data, MaxObjects) {
		n, err1 := strconv.Atoi(string(data[m[2]:m[3]]))
		g, err2 := strconv.Atoi(string(data[m[4]:m[5]]))
		if err1 != nil || err2 != nil || n <= 0 || n >= MaxObjects {
			continue
		}
		offs[n], gens[n] = m[2], g
	}
	return offs, gens
}
