package payload

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
)

// harEntry is the part of a HAR 1.2 entry that carries a delivery: the
// recorded request's method, URL, headers and body.
type harEntry struct {
	Request *struct {
		Method   string   `json:"method"`
		URL      string   `json:"url"`
		Headers  []Header `json:"headers"`
		PostData *struct {
			MimeType string  `json:"mimeType"`
			Text     *string `json:"text"`
			Encoding string  `json:"encoding"`
		} `json:"postData"`
	} `json:"request"`
}

// UnmarshalJSON reads HAR's {"name": ..., "value": ...} header objects.
func (h *Header) UnmarshalJSON(data []byte) error {
	var v struct {
		Name  string `json:"name"`
		Value string `json:"value"`
	}
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	h.Name, h.Value = v.Name, v.Value
	return nil
}

// lineCounter tracks the line of byte offsets already read, for a reader
// consumed through a json.Decoder that buffers ahead: it remembers the
// newlines between the last offset asked about and the read position.
type lineCounter struct {
	r        io.Reader
	read     int64   // bytes read so far
	newlines []int64 // offsets of newlines not yet passed by a query
	line     int     // line of the last queried offset
	asked    int64
}

func (c *lineCounter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	for i, b := range p[:n] {
		if b == '\n' {
			c.newlines = append(c.newlines, c.read+int64(i))
		}
	}
	c.read += int64(n)
	return n, err
}

// lineAt returns the 1-based line of offset off; offsets must not
// decrease from one call to the next.
func (c *lineCounter) lineAt(off int64) int {
	i := 0
	for i < len(c.newlines) && c.newlines[i] < off {
		i++
	}
	c.line += i
	c.newlines = c.newlines[i:]
	if len(c.newlines) == 0 {
		c.newlines = nil // let the backing array go
	}
	return c.line + 1
}

// readHAR reads a HAR 1.2 capture one entry at a time: every request with
// a body is a record, carrying its headers; requests without one (GETs,
// assets) are not deliveries and are skipped.
func readHAR(source string, br *bufio.Reader, max int, emit func(*Record) error) error {
	lc := &lineCounter{r: br}
	dec := json.NewDecoder(lc)
	dec.UseNumber()
	records := 0
	fail := func(err error) error {
		if ioe := asIOError(source, err); ioe != nil {
			return ioe
		}
		line := lc.lineAt(dec.InputOffset())
		var se *json.SyntaxError
		switch {
		case errors.As(err, &se):
			err = fmt.Errorf("invalid HAR: malformed JSON: %v", se)
		case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
			err = errors.New("invalid HAR: input ends unexpectedly (truncated?)")
		default:
			err = fmt.Errorf("invalid HAR: %v", err)
		}
		return emit(&Record{Source: source, Line: line, Format: HAR, Err: err})
	}
	// {"log": {..., "entries": [ ... ], ...}}
	if err := expectDelim(dec, '{'); err != nil {
		if errors.Is(err, io.EOF) {
			return emit(&Record{Source: source, Line: 1, Format: HAR, Err: errors.New("empty file: no HAR document")})
		}
		return fail(err)
	}
	sawEntries := false
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return fail(err)
		}
		if key != "log" {
			if err := skipValue(dec); err != nil {
				return fail(err)
			}
			continue
		}
		if err := expectDelim(dec, '{'); err != nil {
			return fail(fmt.Errorf("log: %w", err))
		}
		for dec.More() {
			key, err := dec.Token()
			if err != nil {
				return fail(err)
			}
			if key != "entries" {
				if err := skipValue(dec); err != nil {
					return fail(err)
				}
				continue
			}
			sawEntries = true
			if err := expectDelim(dec, '['); err != nil {
				return fail(fmt.Errorf("log.entries: %w", err))
			}
			for i := 0; dec.More(); i++ {
				line := lc.lineAt(dec.InputOffset() + leadingSpace(dec))
				var raw json.RawMessage
				if err := dec.Decode(&raw); err != nil {
					return fail(err)
				}
				rec := entryRecord(source, line, i, raw, max)
				if rec == nil {
					continue
				}
				records++
				if err := emit(rec); err != nil {
					return err
				}
			}
			if _, err := dec.Token(); err != nil { // ]
				return fail(err)
			}
		}
		if _, err := dec.Token(); err != nil { // }
			return fail(err)
		}
	}
	if _, err := dec.Token(); err != nil { // }
		return fail(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		if err == nil {
			err = errors.New("data after the HAR document")
		}
		return fail(err)
	}
	switch {
	case !sawEntries:
		return emit(&Record{Source: source, Line: 1, Format: HAR, Err: errors.New("invalid HAR: no log.entries")})
	case records == 0:
		return emit(&Record{Source: source, Line: 1, Format: HAR, Err: errors.New("no recorded request in this HAR has a body")})
	}
	return nil
}

// entryRecord turns entry i into a record, or nil when its request has no
// body.
func entryRecord(source string, line, i int, raw json.RawMessage, max int) *Record {
	rec := &Record{Source: source, Line: line, Format: HAR}
	var e harEntry
	if err := json.Unmarshal(raw, &e); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			err = fmt.Errorf("%s is %s, want %s", te.Field, article(te.Value), jsonKind(te.Type))
		}
		rec.Err = fmt.Errorf("invalid HAR entry %d: %v", i, err)
		return rec
	}
	if e.Request == nil {
		rec.Err = fmt.Errorf("invalid HAR entry %d: no request", i)
		return rec
	}
	pd := e.Request.PostData
	if pd == nil || pd.Text == nil {
		return nil
	}
	rec.Headers = e.Request.Headers
	if rec.Headers == nil {
		rec.Headers = []Header{}
	}
	if len(*pd.Text) > max*4/3+4 {
		rec.Err = fmt.Errorf("request body of %d bytes is larger than the limit of %d bytes (-max-record-size)", len(*pd.Text), max)
		return rec
	}
	body := []byte(*pd.Text)
	if pd.Encoding == "base64" {
		b, err := base64.StdEncoding.DecodeString(*pd.Text)
		if err != nil {
			rec.Err = fmt.Errorf("invalid HAR entry %d: request body is not valid base64: %v", i, err)
			return rec
		}
		body = b
	}
	if len(body) > max {
		rec.Err = fmt.Errorf("request body of %d bytes is larger than the limit of %d bytes (-max-record-size)", len(body), max)
		return rec
	}
	rec.Data = body
	return rec
}

func article(kind string) string {
	switch kind {
	case "array", "object":
		return "an " + kind
	}
	return "a " + kind
}

// jsonKind names the JSON type that decodes into t.
func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Struct, reflect.Map, reflect.Pointer:
		return "an object"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean"
	}
	return "a number"
}

func expectDelim(dec *json.Decoder, want json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != want {
		return fmt.Errorf("expected %q, found %v", string(want), describeToken(tok))
	}
	return nil
}

func describeToken(tok json.Token) string {
	switch t := tok.(type) {
	case json.Delim:
		return fmt.Sprintf("%q", string(t))
	case string:
		return fmt.Sprintf("string %q", t)
	case nil:
		return "null"
	}
	return fmt.Sprintf("%v", tok)
}

// skipValue consumes the next value, however deep, one token at a time.
func skipValue(dec *json.Decoder) error {
	depth := 0
	for {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		if d, ok := tok.(json.Delim); ok {
			switch d {
			case '{', '[':
				depth++
			default:
				depth--
			}
		}
		if depth == 0 {
			return nil
		}
	}
}

// leadingSpace counts the separators between the decoder's offset and the
// next value, so that an entry's line is that of its opening brace.
func leadingSpace(dec *json.Decoder) int64 {
	buf, _ := io.ReadAll(io.LimitReader(dec.Buffered(), 4096))
	n := 0
	for n < len(buf) && bytes.IndexByte([]byte(" \t\r\n,"), buf[n]) >= 0 {
		n++
	}
	return int64(n)
}
