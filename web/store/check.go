package store

import "nianbao/batch"

// Input is a stored file as a batch input under the clerk's file name: checked from its bytes, so that
// the name appears as is in the result, every finding and every message.
func (s *Store) Input(sha, name string) batch.Input {
	return batch.Input{Name: name, Open: func() ([]byte, error) { return s.ReadBlob(sha) }}
}

// CheckStored checks a stored file exactly as `nianbao check` checks the same file, under the clerk's name.
func (s *Store) CheckStored(sha, name string, opt batch.Options) batch.File {
	return batch.CheckInput(s.Input(sha, name), opt)
}

// Inputs are the stored versions as batch inputs, in the order given.
func (s *Store) Inputs(vs []*Version) []batch.Input {
	out := make([]batch.Input, len(vs))
	for i, v := range vs {
		out[i] = s.Input(v.SHA256, v.Name)
	}
	return out
}
