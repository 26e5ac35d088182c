package check

import (
	"fmt"
	"testing"
)

// TestDeliveries: every repeat is found with the location of the first
// record, across inputs, line gaps and many table growths.
func TestDeliveries(t *testing.T) {
	var grown []int64
	d := newDeliveries(nil, func(b int64) { grown = append(grown, b) })
	type loc struct {
		input int
		line  int64
	}
	first := map[string]loc{}
	line := 0
	for i := 0; i < 50000; i++ {
		input := i / 20000
		line++
		if i%20000 == 0 {
			line = 1
		}
		if i%7 == 0 {
			line += 3 // blank lines
		}
		id := fmt.Sprintf("whdel_%d", i%30011)
		ord := d.record(input, line)
		f, dup := d.seen(id, ord)
		want, seen := first[id]
		if dup != seen {
			t.Fatalf("record %d (%s): dup %v, want %v", i, id, dup, seen)
		}
		if !dup {
			first[id] = loc{input, int64(line)}
			continue
		}
		if in, l := d.locate(f); in != want.input || l != want.line {
			t.Fatalf("record %d (%s): first seen at %d:%d, want %d:%d", i, id, in, l, want.input, want.line)
		}
	}
	if len(grown) < 5 || grown[len(grown)-1] != 65536*12 {
		t.Errorf("growth: %v", grown)
	}
	if len(d.marks) > 50000/7+10 {
		t.Errorf("%d location marks for 50000 records", len(d.marks))
	}
}

// TestDeliveriesSizedOnce: with an estimate, the table grows once to it.
func TestDeliveriesSizedOnce(t *testing.T) {
	var grown []int64
	d := newDeliveries(func() int { return 100000 }, func(b int64) { grown = append(grown, b) })
	for i := 0; i < 90000; i++ {
		d.seen(fmt.Sprint(i), d.record(0, i+1))
	}
	if len(grown) != 2 || grown[1] != 131072*12 {
		t.Errorf("growth: %v", grown)
	}
}
