package check

import "encoding/json"

var marshal = json.Marshal
