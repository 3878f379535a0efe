# The decision: allow, the reasons (each naming its rule and figure) and the limits the optimizer obeys.
# Query data.stakewise.decision.result with the input document described in docs/auditors.md.
package stakewise.decision

import rego.v1

import data.stakewise.changes
import data.stakewise.cool_off
import data.stakewise.currency
import data.stakewise.eligibility
import data.stakewise.in_play
import data.stakewise.limits
import data.stakewise.markets
import data.stakewise.validation

result := {"allow": allow, "reasons": reasons, "limits": decision_limits}

valid if count(validation.errors) == 0

# Refusals about the customer rather than a ticket: nothing may be staked or deposited at all.
customer_refusals := eligibility.deny | cool_off.deny

# A change a customer asks for to their own protections (input `change`) is judged by its own rules alone.
denials := changes.deny if is_change else := (((customer_refusals | limits.deny) | markets.deny) | in_play.deny) | currency.deny

is_change if _ := input.change

default allow := false

allow if {
	valid
	count(denials) == 0
}

reasons := ordered(validation.errors) if not valid else := ordered(denials)

decision_limits := nothing_allowed if not valid else := refused if {
	not is_change
	count(customer_refusals) > 0
} else := limits.allowances

refused := object.union(nothing_allowed, {"banned_markets": limits.allowances.banned_markets})

nothing_allowed := {
	"max_stake_per_ticket": 0,
	"remaining_loss_allowance": 0,
	"remaining_deposit_allowance": 0,
	"remaining_stake_allowance": 0,
	"banned_markets": [],
}

# Sets have no order a reader can rely on: list the reasons by rule, then message.
ordered(found) := [reason |
	some key in sort({sort_key(r) | some r in found})
	some reason in found
	sort_key(reason) == key
]

sort_key(reason) := concat("|", [reason.rule, reason.message])
