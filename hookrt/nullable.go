package hookrt

import (
	"bytes"
	"encoding/json"
)

// Nullable holds a value that the schema allows to be null. The zero
// Nullable is null. A nullable field that is also optional is a
// *Nullable[T]: nil is absent, so absent, null and a value stay three
// different states through decoding and encoding.
type Nullable[T any] struct {
	Value T
	Valid bool // false means null
}

// Of returns a non-null Nullable holding v.
func Of[T any](v T) Nullable[T] { return Nullable[T]{Value: v, Valid: true} }

// Get returns the value and whether it is non-null.
func (n Nullable[T]) Get() (T, bool) { return n.Value, n.Valid }

// New returns a pointer to v, for optional fields.
func New[T any](v T) *T { return &v }

// MarshalJSON encodes null or the value, so Nullable also works with
// encoding/json outside generated code.
func (n Nullable[T]) MarshalJSON() ([]byte, error) {
	if !n.Valid {
		return []byte("null"), nil
	}
	return json.Marshal(n.Value)
}

// UnmarshalJSON decodes null or a value.
func (n *Nullable[T]) UnmarshalJSON(data []byte) error {
	if string(bytes.TrimSpace(data)) == "null" {
		*n = Nullable[T]{}
		return nil
	}
	n.Valid = true
	return json.Unmarshal(data, &n.Value)
}
