package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"time"
)

// lazyFlush buffers output for speed; Flush is called before anything is
// written to stderr, so that the two streams interleave in order.
type lazyFlush struct {
	*bufio.Writer
}

func newLazyFlush(w io.Writer) *lazyFlush { return &lazyFlush{bufio.NewWriterSize(w, 64<<10)} }

// progress draws a one-line counter on stderr while a long run goes on,
// only when stderr is a terminal (or -progress=always): redirected output
// and CI logs stay clean.
type progress struct {
	w     io.Writer
	on    bool
	start time.Time
	drawn bool
}

func newProgress(w io.Writer, mode string) *progress {
	on := mode == "always"
	if mode == "auto" {
		on = isTerminal(w)
	}
	return &progress{w: w, on: on, start: time.Now()}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

func (p *progress) update(records, invalid int64) {
	if !p.on {
		return
	}
	secs := time.Since(p.start).Seconds()
	rate := 0.0
	if secs > 0 {
		rate = float64(records) / secs
	}
	fmt.Fprintf(p.w, "\r\x1b[Kvalidate: %d records, %d invalid (%.0f records/s)", records, invalid, rate)
	p.drawn = true
}

func (p *progress) clear() {
	if p.drawn {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}
