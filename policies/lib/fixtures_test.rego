# Inputs shared by the policy tests: an adult, verified customer with one pre-match single.
package stakewise.fixtures_test

import rego.v1

now := "2025-05-01T18:30:00Z"

zero := {"24h": 0, "7d": 0, "30d": 0}

customer(code) := {
	"age": 30,
	"jurisdiction": code,
	"self_excluded": false,
	"identity_verified": true,
	"cool_off_until": null,
	"deposits": zero,
	"losses": zero,
	"stakes": zero,
}

leg := {"fixture": "Arsenal v Chelsea 2025-05-03", "market": "1x2", "selection": "home", "odds": 2.1, "in_play": false}

ticket(stake) := {"stake": stake, "legs": [leg]}

request(code) := {"customer": customer(code), "tickets": [ticket(10)], "now": now}

with_customer(code, changes) := object.union(request(code), {"customer": object.union(customer(code), changes)})

with_leg(code, changes) := object.union(request(code), {"tickets": [{"stake": 10, "legs": [object.union(leg, changes)]}]})

with_stakes(code, stakes) := object.union(request(code), {"tickets": [ticket(stake) | some stake in stakes]})

# object.union merges nested objects; this replaces the value at key instead
replaced(obj, key, value) := object.union(object.remove(obj, [key]), {key: value})

rules(reasons) := {reason.rule | some reason in reasons}
