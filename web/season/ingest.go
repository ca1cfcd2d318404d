package season

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"nianbao/batch"
	"nianbao/web/store"
)

// incoming is one file of an upload on its way into the workspace.
type incoming struct {
	up  *Upload
	sha string
	// same is the index of an earlier file of the upload with the same content, -1 if none.
	same int
	// v is the version recording the file (ID 0 while, or when, it is not filed); dup is true when the
	// file had been received before (v is that version). refused is that version when known refused it.
	v       *store.Version
	dup     bool
	refused *store.Version
	i       int // the index of the file in the upload
	// blobErr is why the file could not be stored.
	blobErr error
}

// AddAll checks and records the files of one upload, as `nianbao check` checks the same files: through
// batch's worker pool (the stored file written by the worker that checks it), the results recorded in
// transactions of StoreBatch files, each file's content released once it is checked. A file already
// received this year is recognised and its version returned with dup set (a withdrawn one is reinstated).
// When file, given a new file's index and check result, returns false, the file is not recorded and its
// version comes back with ID 0. When known, asked under the lock with a file's index and the version it
// was received as before, returns false, that version is neither reinstated nor answered: the file comes
// back with nil, and known has said why (a unit's link refuses another unit's file; a second copy in the
// same upload is refused as the first, known asked again for its index). Files are checked outside
// the lock, so that the page stays responsive. vs[i] and dups[i] answer ups[i]; rejected and refused
// uploads get nil.
func (w *Season) AddAll(ups []Upload, batchID string, file func(i int, f batch.File) bool, known func(i int, v *store.Version) bool) (vs []*store.Version, dups []bool, err error) {
	items := make([]incoming, len(ups))
	first := map[string]int{}
	for i := range ups {
		it := &items[i]
		it.up, it.same, it.i = &ups[i], -1, i
		if ups[i].Rejected != "" {
			continue
		}
		sum := sha256.Sum256(ups[i].Data)
		it.sha = hex.EncodeToString(sum[:])
		if j, ok := first[it.sha]; ok {
			it.same = j
		} else {
			first[it.sha] = i
		}
	}
	now := time.Now()
	w.mu.Lock()
	var opt batch.Options
	var fresh []int // the files to check, in Upload order
	for i := range items {
		it := &items[i]
		if it.sha == "" || it.same >= 0 {
			continue
		}
		v, err := w.store.VersionBySHA(w.Year, it.sha)
		if err == nil && v != nil && known != nil && !known(i, v) {
			it.refused = v
			continue
		}
		if err == nil && v != nil && v.Withdrawn != nil {
			err = w.store.Reinstate(v, it.up.Name, batchID, store.BatchActor(batchID), now)
		}
		if err != nil {
			w.mu.Unlock()
			return nil, nil, err
		}
		if v != nil {
			it.v, it.dup = v, true
			continue
		}
		fresh = append(fresh, i)
	}
	if len(fresh) > 0 {
		opt, err = w.Options()
	}
	gen := w.gen
	w.mu.Unlock()
	if err != nil {
		return nil, nil, err
	}

	inputs := make([]batch.Input, len(fresh))
	for k, i := range fresh {
		it := &items[i]
		inputs[k] = batch.Input{Name: it.up.Name, Open: func() ([]byte, error) {
			it.blobErr = w.store.WriteBlob(it.sha, it.up.Data)
			return it.up.Data, nil
		}}
	}
	var pending []*incoming
	var failed error
	flush := func() {
		if failed == nil && len(pending) > 0 {
			failed = w.record(pending, gen, known)
		}
		pending = pending[:0]
	}
	k := 0
	// Each is never concurrent, and is called after the worker that checked a file (and wrote blobErr)
	// has handed the result over under batch's lock.
	opt.Each = func(f batch.File) {
		it := &items[fresh[k]]
		k++
		if it.blobErr != nil && failed == nil {
			failed = fmt.Errorf("无法保存文件“%s”：%v", it.up.Name, it.blobErr)
		}
		modified := it.up.Modified
		if modified.IsZero() || modified.After(now) {
			modified = now
		}
		it.v = &store.Version{Year: w.Year, SHA256: it.sha, Name: it.up.Name, Modified: modified, Received: now,
			Verdict: f.Verdict, File: f, Batch: batchID}
		keep := file == nil || file(fresh[k-1], f)
		it.up.Data = nil
		if keep {
			pending = append(pending, it)
			if len(pending) >= StoreBatch {
				flush()
			}
		}
	}
	batch.CheckInputs(inputs, opt)
	flush()
	if failed != nil {
		return nil, nil, failed
	}
	vs, dups = make([]*store.Version, len(items)), make([]bool, len(items))
	for i := range items {
		it := &items[i]
		if it.same >= 0 { // the same content twice in one Upload: the second is the first's duplicate
			f := items[it.same]
			switch {
			case f.refused != nil:
				known(i, f.refused) // refused as the first, and told why
			case f.v != nil && f.v.ID != 0:
				it.v, it.dup = f.v, true
			case f.v != nil:
				copied := *f.v
				copied.Name = it.up.Name
				if file != nil {
					file(i, copied.File)
				}
				it.v = &copied
			}
			it.up.Data = nil
		}
		vs[i], dups[i] = it.v, it.dup
	}
	for i := range items { // what was not filed keeps no report either
		if it := &items[i]; it.v != nil && it.v.ID == 0 {
			it.v.File.Report, it.v.File.Members = nil, nil
		}
	}
	return vs, dups, nil
}

// record stores checked files under the workspace lock, in one transaction: checked again first when the
// previous-year source changed meanwhile (gen), a file that a parallel upload recorded meanwhile becoming
// its duplicate (or refused, when known refuses that version). The versions then drop their reports: the
// store has them.
func (w *Season) record(its []*incoming, gen int, known func(i int, v *store.Version) bool) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if gen != w.gen {
		o, err := w.Options()
		if err != nil {
			return err
		}
		o.Each = nil
		for _, it := range its {
			f := w.store.CheckStored(it.sha, it.v.Name, o)
			it.v.Verdict, it.v.File = f.Verdict, f
		}
	}
	var add []*store.Version
	for _, it := range its {
		v, err := w.store.VersionBySHA(w.Year, it.sha)
		if err != nil {
			return err
		}
		if v != nil && known != nil && !known(it.i, v) {
			it.v, it.refused = nil, v
			continue
		}
		if v != nil { // the same file, uploaded twice at once
			it.v, it.dup = v, true
			continue
		}
		add = append(add, it.v)
	}
	if err := w.store.AddVersions(add); err != nil {
		return fmt.Errorf("无法记录收到的文件：%v", err)
	}
	for _, v := range add {
		v.File.Report, v.File.Members = nil, nil
	}
	return nil
}
