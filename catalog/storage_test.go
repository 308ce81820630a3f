package catalog

import "testing"

func TestStorageKeys(t *testing.T) {
	c := Builtin()
	for key, want := range map[string]string{
		"_hjSessionUser_123": "analytics", "ajs_anonymous_id": "analytics", "AMP_abc123": "analytics",
		"OptanonConsent": "necessary", "_ga": "analytics", // from the cookie catalogue
	} {
		e, ok := c.StorageKey(key)
		if !ok || e.Category != want {
			t.Errorf("StorageKey(%q) = %+v, %v; want category %s", key, e, ok, want)
		}
	}
	if _, ok := c.StorageKey("theme"); ok {
		t.Error("an unknown key is not classified")
	}
	if !Essential("necessary") || Essential("analytics") || Essential("") {
		t.Error("Essential")
	}
}
