# Changes to a customer's own protections (input `change`, from PATCH /v1/customers/{id}). A protection
# still running may not be shortened or lifted before it ends: a self-exclusion where the jurisdiction
# makes it irreversible (figure self_exclusion_reversible), a time-out wherever one is offered (figure
# time_out). Lengthening, adding, and changing a protection that has already ended are always allowed.
# A change decision is judged by these rules alone (decision.rego): a self-excluded customer may still
# extend the exclusion.
package stakewise.changes

import rego.v1

import data.stakewise.lib

change := object.get(input, "change", {})

today := substring(input.now, 0, 10)

deny contains lib.reason("changes.self_exclusion_shortened", message, "self_exclusion_reversible", "false") if {
	lib.figure("self_exclusion_reversible") == false
	old := change.self_excluded_until.old
	old != null
	old >= today
	new := change.self_excluded_until.new
	earlier_date(new, old)
	message := sprintf("the self-exclusion runs until %s and cannot be shortened or lifted in %s (asked: %s)", [old, input.customer.jurisdiction, shown(new)])
}

deny contains lib.reason("changes.time_out_shortened", message, "time_out", "true") if {
	lib.figure("time_out") == true
	old := change.cool_off_until.old
	old != null
	time.parse_rfc3339_ns(old) > time.parse_rfc3339_ns(input.now)
	new := change.cool_off_until.new
	earlier_instant(new, old)
	message := sprintf("the time-out runs until %s and cannot be ended early (asked: %s)", [old, shown(new)])
}

earlier_date(new, _) if new == null

earlier_date(new, old) if {
	new != null
	new < old
}

earlier_instant(new, _) if new == null

earlier_instant(new, old) if {
	new != null
	time.parse_rfc3339_ns(new) < time.parse_rfc3339_ns(old)
}

shown(value) := "lifted" if value == null

shown(value) := value if value != null
