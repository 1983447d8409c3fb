package delivery

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
)

// SecretPrefix starts every signing secret, as Standard Webhooks has it.
const SecretPrefix = "whsec_"

// secretSize is the length of a signing key in bytes.
const secretSize = 32

// NewSecret returns a new signing secret: SecretPrefix and the base64 of
// 32 random bytes.
func NewSecret() string {
	key := make([]byte, secretSize)
	rand.Read(key) // never fails: crypto/rand crashes the program instead
	return SecretPrefix + base64.StdEncoding.EncodeToString(key)
}

// secretKey returns the HMAC key of a signing secret: the base64-decoded
// part after the prefix.
func secretKey(secret string) ([]byte, error) {
	encoded, ok := strings.CutPrefix(secret, SecretPrefix)
	if !ok {
		return nil, errors.New("signing secret without the whsec_ prefix")
	}
	key, err := base64.StdEncoding.DecodeString(encoded)
	if err != nil || len(key) == 0 {
		return nil, errors.New("signing secret is not base64 after its prefix")
	}
	return key, nil
}

// Sign returns the webhook-signature header of a request with id, unix
// timestamp ts and body, signed with each secret: "v1,<base64 HMAC-SHA256
// of id.ts.body>", space-separated, in the order of secrets.
func Sign(id string, ts int64, body []byte, secrets ...string) (string, error) {
	sigs := make([]string, 0, len(secrets))
	for _, s := range secrets {
		key, err := secretKey(s)
		if err != nil {
			return "", err
		}
		mac := hmac.New(sha256.New, key)
		mac.Write([]byte(id))
		mac.Write([]byte{'.'})
		mac.Write(strconv.AppendInt(nil, ts, 10))
		mac.Write([]byte{'.'})
		mac.Write(body)
		sigs = append(sigs, "v1,"+base64.StdEncoding.EncodeToString(mac.Sum(nil)))
	}
	return strings.Join(sigs, " "), nil
}
