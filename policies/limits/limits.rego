# Stake, loss and deposit limits over 24 hours, 7 days and 30 days, and the most one ticket may stake.
# The customer's deposits, losses and stakes over each window come with the input (for DE, deposits are the
# cross-operator figure from LUGAS). A limit of null means the jurisdiction sets none.
package stakewise.limits

import rego.v1

import data.stakewise.lib

customer := input.customer

totals := {"deposit": "deposits", "loss": "losses", "stake": "stakes"}

# A young adult's limit replaces the general one where the jurisdiction sets one (NL: under 24).
figure_name(kind, window) := name if {
	name := sprintf("young_adult_%s_limit_%s", [kind, window])
	lib.figure(name) != null
	customer.age < lib.figure("young_adult_age_below")
} else := sprintf("%s_limit_%s", [kind, window])

limit_cents(kind, window) := money_figure_cents(figure_name(kind, window))

money_figure_cents(name) := lib.cents(value) if {
	value := lib.figure(name)
	value != null
}

used_cents(kind, window) := lib.cents(customer[totals[kind]][window])

remaining_cents(kind, window) := max([0, limit_cents(kind, window) - used_cents(kind, window)])

new_stakes_cents := sum([lib.cents(ticket.stake) | some ticket in input.tickets])

deposit_cents := lib.cents(input.deposit.amount)

deny contains limit_reason("deposit", window, deposit_cents, "a deposit of") if {
	some window in lib.windows
	used_cents("deposit", window) + deposit_cents > limit_cents("deposit", window)
}

deny contains limit_reason(kind, window, new_stakes_cents, "stakes of") if {
	new_stakes_cents > 0
	some kind in ["loss", "stake"]
	some window in lib.windows
	used_cents(kind, window) + new_stakes_cents > limit_cents(kind, window)
}

limit_reason(kind, window, added, what) := lib.reason(
	sprintf("limits.%s_%s", [kind, window]),
	sprintf("%s over %s: %s so far plus %s %s make %s, above the limit of %s", [
		totals[kind], window, lib.money(used_cents(kind, window)),
		what, lib.money(added), lib.money(used_cents(kind, window) + added),
		lib.money(limit_cents(kind, window)),
	]),
	figure_name(kind, window),
	lib.money(limit_cents(kind, window)),
)

deny contains lib.reason("limits.max_stake_per_ticket", message, "max_stake_per_ticket", lib.money(cap)) if {
	cap := money_figure_cents("max_stake_per_ticket")
	some t, ticket in input.tickets
	lib.cents(ticket.stake) > cap
	message := sprintf("ticket %d stakes %s, above the maximum of %s per ticket", [t, lib.money(lib.cents(ticket.stake)), lib.money(cap)])
}

# What is left before this input's tickets and deposit; null where no window has a limit.
remaining(kind) := lib.units(min(left)) if {
	left := {remaining_cents(kind, window) | some window in lib.windows}
	count(left) > 0
} else := null

# No single ticket may stake more than the per-ticket maximum or what is left of a stake limit.
max_stake_per_ticket := lib.units(min(caps)) if {
	per_ticket := {cap | cap := money_figure_cents("max_stake_per_ticket")}
	caps := per_ticket | {remaining_cents("stake", window) | some window in lib.windows}
	count(caps) > 0
} else := null

allowances := {
	"max_stake_per_ticket": max_stake_per_ticket,
	"remaining_loss_allowance": remaining("loss"),
	"remaining_deposit_allowance": remaining("deposit"),
	"remaining_stake_allowance": remaining("stake"),
	"banned_markets": sort(lib.figure("banned_markets")),
}
