package suggest

import "testing"

func TestClosest(t *testing.T) {
	names := []string{"company.created", "company.updated", "user.created"}
	for in, want := range map[string]string{
		"company.crated":   "company.created",
		"usr.created":      "user.created",
		"company.exploded": "",
		"completely.other": "",
	} {
		if got := Closest(in, names, 3); got != want {
			t.Errorf("Closest(%q) = %q, want %q", in, got, want)
		}
	}
	if d := Distance("kitten", "sitting"); d != 3 {
		t.Errorf("Distance(kitten, sitting) = %d, want 3", d)
	}
}
