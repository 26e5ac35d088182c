package check

import (
	"hash/maphash"
	"math/bits"
	"sort"
)

// deliveries remembers where each delivery id was first seen, in little
// memory, so that a run over a huge input stays bounded: 12 bytes a slot
// (the id's 64-bit hash and the ordinal of its first record) in one
// open-addressing table, and record locations kept as the few points
// where a record's line is not the previous record's line + 1 (a new
// input, blank lines, multi-line documents, HAR entries). Two ids share a
// 64-bit hash with negligible probability.
//
// When the input's size is known, the table grows once to the size the
// whole input will need (estimated from the bytes per record so far),
// rather than doubling repeatedly: each doubling holds the old and the new
// table at once, and the last one sets the run's peak memory.
type deliveries struct {
	seed  maphash.Seed
	keys  []uint64 // hash with the low bit set; 0 is an empty slot
	ords  []uint32 // ordinal of the record that first had the id
	count int

	marks     []mark // location of record ordinals, sorted
	next      uint32 // ordinal of the next record
	lastInput int
	lastLine  int64
	full      bool // 2^32 records: no more ids are remembered

	// expect, when not nil, estimates how many deliveries the whole
	// input holds; onGrow is told the table's new size in bytes.
	expect func() int
	onGrow func(bytes int64)
}

type mark struct {
	ord   uint32
	input int32
	line  int64
}

const (
	maxLoad   = 0.85
	slotBytes = 12
)

func newDeliveries(expect func() int, onGrow func(int64)) *deliveries {
	d := &deliveries{seed: maphash.MakeSeed(), lastInput: -1, expect: expect, onGrow: onGrow}
	d.resize(1 << 10)
	return d
}

// record notes the location of the next record and returns its ordinal.
func (d *deliveries) record(input, line int) uint32 {
	ord := d.next
	if d.next == ^uint32(0) {
		d.full = true
		return ord
	}
	if input != d.lastInput || int64(line) != d.lastLine+1 {
		d.marks = append(d.marks, mark{ord: ord, input: int32(input), line: int64(line)})
	}
	d.lastInput, d.lastLine = input, int64(line)
	d.next++
	return ord
}

// locate returns the input and line of a record ordinal.
func (d *deliveries) locate(ord uint32) (input int, line int64) {
	i := sort.Search(len(d.marks), func(i int) bool { return d.marks[i].ord > ord }) - 1
	m := d.marks[i]
	return int(m.input), m.line + int64(ord-m.ord)
}

// seen records that the record with ordinal ord has delivery id id, and
// returns the ordinal of the first record with it when it is a repeat.
func (d *deliveries) seen(id string, ord uint32) (first uint32, dup bool) {
	if d.full {
		return 0, false
	}
	key := maphash.String(d.seed, id) | 1
	mask := uint64(len(d.keys) - 1)
	for i := (key >> 1) & mask; ; i = (i + 1) & mask {
		switch d.keys[i] {
		case key:
			return d.ords[i], true
		case 0:
			d.keys[i], d.ords[i] = key, ord
			d.count++
			if float64(d.count) > maxLoad*float64(len(d.keys)) {
				d.grow()
			}
			return 0, false
		}
	}
}

// grow resizes the table to twice its size, or at once to what the whole
// input is expected to need.
func (d *deliveries) grow() {
	n := 2 * len(d.keys)
	if d.expect != nil {
		if want := int(float64(d.expect()) / maxLoad); want > n {
			n = 1 << bits.Len(uint(want-1)) // the next power of two
		}
	}
	d.resize(n)
}

func (d *deliveries) resize(n int) {
	keys, ords := d.keys, d.ords
	d.keys, d.ords = make([]uint64, n), make([]uint32, n)
	mask := uint64(n - 1)
	for j, key := range keys {
		if key == 0 {
			continue
		}
		i := (key >> 1) & mask
		for d.keys[i] != 0 {
			i = (i + 1) & mask
		}
		d.keys[i], d.ords[i] = key, ords[j]
	}
	if d.onGrow != nil {
		d.onGrow(int64(n) * slotBytes)
	}
}
