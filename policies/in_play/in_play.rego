# In-play (live) betting: banned outright online in some jurisdictions, restricted to listed markets in others.
package stakewise.in_play

import rego.v1

import data.stakewise.lib

live_legs contains [t, l, leg] if {
	some t, ticket in input.tickets
	some l, leg in ticket.legs
	leg.in_play == true
}

deny contains lib.reason("in_play.banned", message, "in_play_allowed", "false") if {
	lib.figure("in_play_allowed") == false
	some [t, l, leg] in live_legs
	message := sprintf("ticket %d leg %d: online in-play betting on %s is not allowed in %s", [t, l, leg.fixture, input.customer.jurisdiction])
}

deny contains lib.reason("in_play.market_not_allowed", message, "in_play_markets", concat(", ", allowed)) if {
	allowed := lib.figure("in_play_markets")
	allowed != null
	some [t, l, leg] in live_legs
	not leg.market in allowed
	message := sprintf("ticket %d leg %d: in-play market %s is not allowed in %s (allowed: %s)", [t, l, leg.market, input.customer.jurisdiction, concat(", ", allowed)])
}
