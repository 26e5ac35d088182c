// Package payload reads recorded webhook payloads: JSON documents, JSON
// Lines and HAR 1.2 captures, plain or gzip-compressed, from files,
// directories or standard input. It splits input into records, each with
// its source and line; it does not judge them (package check does).
//
// Reading streams: a JSON Lines input of any size is read one line at a
// time, a HAR capture one entry at a time, so memory depends on the
// largest record, not on the input.
package payload

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
)

// Format is how an input is split into records.
type Format int

const (
	Auto  Format = iota // detect from the name, then the content
	JSON                // the whole input is one JSON document: one record
	JSONL               // JSON Lines: one record per non-blank line
	HAR                 // HAR 1.2: one record per request with a body
)

var formatNames = []string{"auto", "json", "jsonl", "har"}

// String returns the name -input takes for f.
func (f Format) String() string {
	if int(f) < len(formatNames) {
		return formatNames[f]
	}
	return fmt.Sprintf("Format(%d)", int(f))
}

// ParseFormat reads a format name as given to -input.
func ParseFormat(s string) (Format, error) {
	for i, n := range formatNames {
		if s == n {
			return Format(i), nil
		}
	}
	return Auto, fmt.Errorf("unknown input format %q (want %s)", s, strings.Join(formatNames, ", "))
}

// DefaultMaxRecordSize is the record size limit used when none is given.
// Webhook bodies are kilobytes; a record above this is reported, not read.
const DefaultMaxRecordSize = 1 << 20

// Options control reading.
type Options struct {
	Format        Format // Auto unless forced
	MaxRecordSize int    // largest record read, in bytes; 0 means DefaultMaxRecordSize
}

func (o Options) maxSize() int {
	if o.MaxRecordSize <= 0 {
		return DefaultMaxRecordSize
	}
	return o.MaxRecordSize
}

// Record is one payload read from an input.
type Record struct {
	Source  string   // the input's name as shown to the user
	Line    int      // 1-based line where the record starts in the (decompressed) input
	Format  Format   // the format the input was read as
	Data    []byte   // the payload body; nil when Err is set
	Headers []Header // request headers (HAR only); nil when the input has none
	Err     error    // the record could not be read (too large, broken HAR entry, ...)
}

// Header is one HTTP header of a recorded request.
type Header struct {
	Name, Value string
}

// IOError is a failure to read an input at all (as opposed to bad content,
// which becomes a Record with Err set).
type IOError struct {
	Source string
	Err    error
}

// Error names the input and the failure.
func (e *IOError) Error() string { return e.Source + ": " + e.Err.Error() }

// Unwrap returns the underlying error.
func (e *IOError) Unwrap() error { return e.Err }

// ioReader marks errors of the underlying reader as I/O errors, so that
// they can be told from decompression and format errors.
type ioReader struct {
	r      io.Reader
	source string
}

type markedErr struct{ err error }

func (e *markedErr) Error() string { return e.err.Error() }

func (r *ioReader) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	if err != nil && err != io.EOF {
		err = &markedErr{err}
	}
	return n, err
}

// asIOError returns the I/O error hidden in err, or nil when err is about
// content.
func asIOError(source string, err error) error {
	var m *markedErr
	if errors.As(err, &m) {
		return &IOError{Source: source, Err: m.err}
	}
	return nil
}

// errLimit is returned by emit to stop reading early.
var errStop = errors.New("stop")

// Read splits r into records and calls emit for each, in order. source
// names the input in records and chooses the format by extension (.json,
// .jsonl, .ndjson, .har, each optionally .gz) when opt.Format is Auto;
// otherwise the content decides: gzip by its magic bytes, HAR by a "log"
// first key, JSON Lines when the first line is a whole JSON value.
//
// Every problem with the content is a Record with Err set, and reading
// goes on where it can: a line too long is skipped to the next line.
// Read returns an *IOError when r fails, or the error emit returns.
func Read(source string, r io.Reader, opt Options, emit func(*Record) error) error {
	br := bufio.NewReaderSize(&ioReader{r: r, source: source}, 64<<10)
	name := source
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			if ioe := asIOError(source, err); ioe != nil {
				return ioe
			}
			return emit(&Record{Source: source, Line: 1, Err: fmt.Errorf("gzip: %v", err)})
		}
		br = bufio.NewReaderSize(zr, 64<<10)
		name = strings.TrimSuffix(name, ".gz")
	}
	format := opt.Format
	if format == Auto {
		format = byExtension(name)
	}
	if format == Auto {
		format = sniff(br)
	}
	var err error
	switch format {
	case JSONL:
		err = readJSONL(source, br, opt.maxSize(), emit)
	case HAR:
		err = readHAR(source, br, opt.maxSize(), emit)
	default:
		err = readJSON(source, br, opt.maxSize(), emit)
	}
	if errors.Is(err, errStop) {
		return nil
	}
	return err
}

// Extensions lists the file name extensions read from directories.
var Extensions = []string{".json", ".jsonl", ".ndjson", ".har"}

func byExtension(name string) Format {
	switch strings.ToLower(filepath.Ext(strings.TrimSuffix(name, ".gz"))) {
	case ".json":
		return JSON
	case ".jsonl", ".ndjson":
		return JSONL
	case ".har":
		return HAR
	}
	return Auto
}

// sniff guesses the format from the first bytes of the input.
func sniff(br *bufio.Reader) Format {
	head, _ := br.Peek(br.Size())
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	trimmed := bytes.TrimLeft(head, " \t\r\n")
	if len(trimmed) > 0 && trimmed[0] == '{' {
		rest := bytes.TrimLeft(trimmed[1:], " \t\r\n")
		if bytes.HasPrefix(rest, []byte(`"log"`)) {
			return HAR
		}
	}
	line := trimmed
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	} else {
		return JSON // one line at most: JSON and JSON Lines mean the same
	}
	if _, err := Parse(line, 1<<20); err == nil {
		return JSONL
	}
	return JSON
}

// readJSON reads the whole input as one document.
func readJSON(source string, br *bufio.Reader, max int, emit func(*Record) error) error {
	data, err := io.ReadAll(io.LimitReader(br, int64(max)+1))
	if err != nil {
		if ioe := asIOError(source, err); ioe != nil {
			return ioe
		}
		return emit(&Record{Source: source, Line: 1, Format: JSON, Err: contentErr(err)})
	}
	if len(data) > max {
		n, err := io.Copy(io.Discard, br)
		if ioe := asIOError(source, err); ioe != nil {
			return ioe
		}
		return emit(&Record{Source: source, Line: 1, Format: JSON, Err: fmt.Errorf("document of %d bytes is larger than the limit of %d bytes (-max-record-size)", int64(len(data))+n, max)})
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return emit(&Record{Source: source, Line: 1, Format: JSON, Err: errors.New("empty file: no JSON value")})
	}
	return emit(&Record{Source: source, Line: 1, Format: JSON, Data: data})
}

// contentErr words a decompression error as a problem of the input.
func contentErr(err error) error {
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return errors.New("input ends unexpectedly (truncated compressed data)")
	}
	return fmt.Errorf("cannot decompress: %v", err)
}

// readJSONL reads one record per non-blank line.
func readJSONL(source string, br *bufio.Reader, max int, emit func(*Record) error) error {
	line, records := 0, 0
	var long []byte
	for {
		text, size, err := readLine(br, max, &long)
		if size > 0 {
			line++
			body := bytes.TrimRight(text, "\r\n")
			switch {
			case size > max+2: // allow for "\r\n"
				records++
				if e := emit(&Record{Source: source, Line: line, Format: JSONL, Err: fmt.Errorf("line longer than the limit of %d bytes (-max-record-size)", max)}); e != nil {
					return e
				}
			case len(bytes.TrimSpace(body)) > 0:
				records++
				rec := &Record{Source: source, Line: line, Format: JSONL}
				if len(body) > max {
					rec.Err = fmt.Errorf("line of %d bytes is longer than the limit of %d bytes (-max-record-size)", len(body), max)
				} else {
					rec.Data = bytes.Clone(body)
				}
				if e := emit(rec); e != nil {
					return e
				}
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			if ioe := asIOError(source, err); ioe != nil {
				return ioe
			}
			return emit(&Record{Source: source, Line: max1(line), Format: JSONL, Err: contentErr(err)})
		}
	}
	if records == 0 {
		return emit(&Record{Source: source, Line: 1, Format: JSONL, Err: errors.New("empty input: no JSON lines")})
	}
	return nil
}

// readLine reads one line including its newline. Lines longer than the
// reader's buffer are gathered in *long, but only up to max+2 bytes: the
// rest is skipped and counted in size, so a huge line costs no memory.
func readLine(br *bufio.Reader, max int, long *[]byte) (text []byte, size int, err error) {
	chunk, err := br.ReadSlice('\n')
	if err != bufio.ErrBufferFull {
		return chunk, len(chunk), err
	}
	*long = append((*long)[:0], chunk...)
	size = len(chunk)
	for err == bufio.ErrBufferFull {
		chunk, err = br.ReadSlice('\n')
		size += len(chunk)
		if len(*long) <= max+2 {
			*long = append(*long, chunk...)
		}
	}
	if size > max+2 {
		*long = (*long)[:0]
	}
	return *long, size, err
}

func max1(n int) int {
	if n < 1 {
		return 1
	}
	return n
}
