package check

import "flag"

// update is accepted so that "go test ./... -update" (make update-golden)
// runs this package too; it has no golden files to rewrite.
var _ = flag.Bool("update", false, "no golden files in this package")
