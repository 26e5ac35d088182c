package check

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/hookcontract/hookcontract/internal/payload"
)

// RunOptions control Run.
type RunOptions struct {
	Read     payload.Options
	Workers  int                          // parallel checkers; 0 means GOMAXPROCS
	OnResult func(*Result) error          // called for every record, in input order; an error stops the run
	Progress func(records, invalid int64) // called now and then (about every 100 ms) during a run; may be nil
	OnIOErr  func(err error)              // called, in input order, when an input cannot be read; may be nil
	// OnDedupGrow is told the size in bytes of the table of delivery ids
	// (12 bytes a slot) whenever it grows, so that a caller can size its
	// memory limit to it; may be nil.
	OnDedupGrow func(bytes int64)
	now         func() time.Time // for tests
}

// EventCount is how many records of one event were valid and invalid.
type EventCount struct {
	Name           string
	Valid, Invalid int64
}

// Summary tallies a run.
type Summary struct {
	Inputs     int          // inputs read
	Records    int64        // records judged
	Valid      int64        // records without violations
	Invalid    int64        // records with violations
	Unrouted   int64        // invalid records that reached no event (unreadable, not JSON, unknown discriminator)
	Warnings   int64        // warnings, all duplicates
	Duplicates int64        // records whose delivery id was seen before
	Events     []EventCount // every event of the contract, in contract order
	Uncovered  []string     // events of the contract that no record was routed to, in contract order
	IOErrors   []error      // inputs that could not be read
}

// Covered returns how many of the contract's events appeared.
func (s *Summary) Covered() int { return len(s.Events) - len(s.Uncovered) }

// batch is a run of consecutive records, checked by one worker.
type batch struct {
	records []*payload.Record
	results []*Result
	ioErr   error // an input failed after these records
	input   int   // index of the input the records come from
	done    chan struct{}
}

const (
	batchRecords = 256
	batchBytes   = 1 << 20
)

// errStopped is returned into the reader when the consumer stops early.
var errStopped = errors.New("run stopped")

// Run reads every input, checks every record on all cores and hands the
// results to opt.OnResult in input order. Inputs that cannot be read are
// reported to opt.OnIOErr and listed in the summary; the run goes on.
// The error, when not nil, is the one OnResult returned.
func (k *Checker) Run(inputs []payload.Input, opt RunOptions) (*Summary, error) {
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	work := make(chan *batch, workers*2)
	ordered := make(chan *batch, workers*4)
	stop := make(chan struct{})

	for range workers {
		go func() {
			for b := range work {
				b.results = make([]*Result, len(b.records))
				for i, rec := range b.records {
					b.results[i] = k.Check(rec)
					b.records[i] = nil
				}
				close(b.done)
			}
		}()
	}

	go func() {
		defer close(work)
		defer close(ordered)
		send := func(b *batch) bool {
			select {
			case ordered <- b:
			case <-stop:
				return false
			}
			if len(b.records) > 0 {
				work <- b
			} else {
				close(b.done)
			}
			return true
		}
		for i, in := range inputs {
			cur := &batch{input: i, done: make(chan struct{})}
			size := 0
			err := readInput(in, opt.Read, func(rec *payload.Record) error {
				cur.records = append(cur.records, rec)
				size += len(rec.Data)
				if len(cur.records) >= batchRecords || size >= batchBytes {
					if !send(cur) {
						return errStopped
					}
					cur = &batch{input: i, done: make(chan struct{})}
					size = 0
				}
				return nil
			})
			if errors.Is(err, errStopped) {
				return
			}
			cur.ioErr = err
			if !send(cur) {
				return
			}
		}
	}()

	t := newTally(k, inputs, opt.OnDedupGrow)
	t.totalBytes = inputBytes(inputs)
	now := opt.now
	if now == nil {
		now = time.Now
	}
	last := now()
	var runErr error
	for b := range ordered {
		<-b.done
		if runErr != nil {
			continue
		}
		for _, r := range b.results {
			t.add(b.input, r)
			if opt.OnResult != nil {
				if err := opt.OnResult(r); err != nil {
					runErr = err
					close(stop)
					break
				}
			}
		}
		if b.ioErr != nil && runErr == nil {
			t.s.IOErrors = append(t.s.IOErrors, b.ioErr)
			if opt.OnIOErr != nil {
				opt.OnIOErr(b.ioErr)
			}
		}
		if opt.Progress != nil {
			if n := now(); n.Sub(last) >= 100*time.Millisecond {
				last = n
				opt.Progress(t.s.Records, t.s.Invalid)
			}
		}
	}
	return t.summary(), runErr
}

func readInput(in payload.Input, opt payload.Options, emit func(*payload.Record) error) error {
	rc, err := in.Open()
	if err != nil {
		return &payload.IOError{Source: in.Name, Err: unwrapPath(err)}
	}
	defer rc.Close()
	return payload.Read(in.Name, rc, opt, emit)
}

// unwrapPath drops the path from an *os.PathError: the source already
// names the file.
func unwrapPath(err error) error {
	var pe interface{ Unwrap() error }
	if errors.As(err, &pe) {
		if inner := pe.Unwrap(); inner != nil {
			return fmt.Errorf("open: %w", inner)
		}
	}
	return err
}

// tally counts results in input order and finds duplicate deliveries.
type tally struct {
	s      Summary
	names  []string
	events map[string]int
	seen   *deliveries

	totalBytes int64 // size of all inputs; 0 when unknown (stdin, gzip)
	readBytes  int64 // record bytes seen so far
	withID     int64 // records with a delivery id so far
}

// inputBytes is the total size of the inputs when every one is a plain
// file, 0 otherwise.
func inputBytes(inputs []payload.Input) int64 {
	var n int64
	for _, in := range inputs {
		if in.Path == "" || strings.HasSuffix(in.Path, ".gz") {
			return 0
		}
		fi, err := os.Stat(in.Path)
		if err != nil {
			return 0
		}
		n += fi.Size()
	}
	return n
}

// expectedDeliveries extrapolates the deliveries of the whole input from
// the bytes per delivery so far; 0 when the input's size is unknown.
func (t *tally) expectedDeliveries() int {
	if t.totalBytes == 0 || t.readBytes == 0 {
		return 0
	}
	return int(float64(t.withID) * float64(t.totalBytes) / float64(t.readBytes) * 1.05)
}

func newTally(k *Checker, inputs []payload.Input, onGrow func(int64)) *tally {
	t := &tally{events: map[string]int{}}
	t.seen = newDeliveries(t.expectedDeliveries, onGrow)
	for _, in := range inputs {
		t.names = append(t.names, in.Name)
	}
	t.s.Inputs = len(inputs)
	for i, m := range k.c.Messages {
		t.events[m.Name] = i
		t.s.Events = append(t.s.Events, EventCount{Name: m.Name})
	}
	return t
}

func (t *tally) add(input int, r *Result) {
	t.s.Records++
	t.readBytes += int64(r.size)
	ord := t.seen.record(input, r.Line)
	if r.DeliveryID != "" {
		t.withID++
		if first, dup := t.seen.seen(r.DeliveryID, ord); dup {
			in, line := t.seen.locate(first)
			t.s.Duplicates++
			r.Warnings = append(r.Warnings, Problem{
				Line: r.Line, In: r.idAt.in, Pointer: r.idAt.pointer, Keyword: "duplicate",
				Message: fmt.Sprintf("duplicate delivery %q: first seen at %s:%d", r.DeliveryID, t.names[in], line),
			})
		}
	}
	t.s.Warnings += int64(len(r.Warnings))
	i, routed := t.events[r.Event]
	switch {
	case r.Valid():
		t.s.Valid++
	default:
		t.s.Invalid++
		if !routed {
			t.s.Unrouted++
		}
	}
	if routed {
		if r.Valid() {
			t.s.Events[i].Valid++
		} else {
			t.s.Events[i].Invalid++
		}
	}
}

func (t *tally) summary() *Summary {
	s := t.s
	s.Uncovered = nil
	for _, e := range s.Events {
		if e.Valid+e.Invalid == 0 {
			s.Uncovered = append(s.Uncovered, e.Name)
		}
	}
	return &s
}
