# Stake, loss and deposit limits over 24 hours, 7 days and 30 days, and the most one ticket may stake.
# The customer's deposits, losses and stakes over each window come with the input (for DE, deposits are the
# cross-operator figure from LUGAS). A limit of null means the jurisdiction sets none.
package stakewise.limits

import rego.v1

import data.stakewise.lib

customer := input.customer

totals := {"deposit": "deposits", "loss": "losses", "stake": "stakes"}

# The figures of the window limits, and of their young-adult variants (NL: under 24), which replace them.
window_limits := {
	"deposit_limit_24h": ["deposit", "24h"], "deposit_limit_7d": ["deposit", "7d"], "deposit_limit_30d": ["deposit", "30d"],
	"loss_limit_24h": ["loss", "24h"], "loss_limit_7d": ["loss", "7d"], "loss_limit_30d": ["loss", "30d"],
	"stake_limit_24h": ["stake", "24h"], "stake_limit_7d": ["stake", "7d"], "stake_limit_30d": ["stake", "30d"],
}

young_adult_limits := {concat("_", ["young_adult", name]): scope | some name, scope in window_limits}

young_adult if input.customer.age < lib.figure("young_adult_age_below")

# Every window limit in force, keyed like "deposit_30d": its figure, the limit and what is used so far.
in_force := object.union(limits_from(window_limits), young_adult_overrides)

young_adult_overrides := limits_from(young_adult_limits) if young_adult else := {}

limits_from(names) := {concat("_", [kind, window]): limit |
	some name, [kind, window] in names
	value := lib.jurisdiction.figures[name].value
	value != null
	limit := {
		"kind": kind, "window": window, "figure": name, "limit": lib.cents(value),
		"used": lib.cents(customer[totals[kind]][window]),
	}
}

money_figure_cents(name) := lib.cents(value) if {
	value := lib.figure(name)
	value != null
}

new_stakes_cents := sum([lib.cents(ticket.stake) | some ticket in input.tickets])

deposit_cents := lib.cents(input.deposit.amount)

deny contains limit_reason(limit, deposit_cents, "a deposit of") if {
	some limit in in_force
	limit.kind == "deposit"
	limit.used + deposit_cents > limit.limit
}

deny contains limit_reason(limit, new_stakes_cents, "stakes of") if {
	new_stakes_cents > 0
	some limit in in_force
	limit.kind in {"loss", "stake"}
	limit.used + new_stakes_cents > limit.limit
}

limit_reason(limit, added, what) := lib.reason(
	sprintf("limits.%s_%s", [limit.kind, limit.window]),
	sprintf("%s over %s: %s so far plus %s %s make %s, above the limit of %s", [
		totals[limit.kind], limit.window, lib.money(limit.used),
		what, lib.money(added), lib.money(limit.used + added),
		lib.money(limit.limit),
	]),
	limit.figure,
	lib.money(limit.limit),
)

deny contains lib.reason("limits.max_stake_per_ticket", message, "max_stake_per_ticket", lib.money(cap)) if {
	cap := money_figure_cents("max_stake_per_ticket")
	some t, ticket in input.tickets
	lib.cents(ticket.stake) > cap
	message := sprintf("ticket %d stakes %s, above the maximum of %s per ticket", [t, lib.money(lib.cents(ticket.stake)), lib.money(cap)])
}

# What is left before this input's tickets and deposit; null where no window has a limit.
remaining_cents(kind) := {max([0, limit.limit - limit.used]) | some limit in in_force; limit.kind == kind}

remaining(kind) := lib.units(min(left)) if {
	left := remaining_cents(kind)
	count(left) > 0
} else := null

# No single ticket may stake more than the per-ticket maximum or what is left of a stake limit.
max_stake_per_ticket := lib.units(min(caps)) if {
	per_ticket := {cap | cap := money_figure_cents("max_stake_per_ticket")}
	caps := per_ticket | remaining_cents("stake")
	count(caps) > 0
} else := null

allowances := {
	"max_stake_per_ticket": max_stake_per_ticket,
	"remaining_loss_allowance": remaining("loss"),
	"remaining_deposit_allowance": remaining("deposit"),
	"remaining_stake_allowance": remaining("stake"),
	"banned_markets": sort(lib.figure("banned_markets")),
}

# Deposit limits the customer chose (input customer.deposit_limits, by window). A lowered limit applies at
# once; a raised or removed one only once the jurisdiction's waiting period has passed since the change
# (figure deposit_limit_increase_delay_hours): until then the previous limit applies.
chosen_limits := object.get(customer, "deposit_limits", {})

chosen_in_force[window] := lib.cents(value) if {
	some window, entry in chosen_limits
	value := chosen_value(entry)
	value != null
}

chosen_value(entry) := entry.previous if {
	raised(entry)
	waiting(entry)
} else := entry.value

raised(entry) if {
	entry.previous != null
	entry.value == null
}

raised(entry) if {
	entry.previous != null
	entry.value != null
	entry.value > entry.previous
}

waiting(entry) if {
	delay_ns := lib.figure("deposit_limit_increase_delay_hours") * 3600000000000
	time.parse_rfc3339_ns(input.now) < time.parse_rfc3339_ns(entry.changed_at) + delay_ns
}

deny contains lib.reason(sprintf("limits.customer_deposit_%s", [window]), message, "deposit_limit_increase_delay_hours", delay) if {
	some window, limit in chosen_in_force
	used := lib.cents(customer.deposits[window])
	used + deposit_cents > limit
	delay := format_int(lib.figure("deposit_limit_increase_delay_hours"), 10)
	message := sprintf("deposits over %s: %s so far plus a deposit of %s make %s, above the customer's own limit of %s", [
		window, lib.money(used), lib.money(deposit_cents), lib.money(used + deposit_cents), lib.money(limit),
	])
}
