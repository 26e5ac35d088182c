package check

import "github.com/santhosh-tekuri/jsonschema/v5"

// fastSchema answers "is this value valid?" quickly.
type fastSchema struct{}

func compileFast(s *jsonschema.Schema) *fastSchema { return nil }

func (f *fastSchema) valid(v any) bool { return false }
