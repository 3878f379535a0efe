# Markets and events: banned markets, events involving minors, events involving local college teams.
package stakewise.markets

import rego.v1

import data.stakewise.lib

legs contains [t, l, leg] if {
	some t, ticket in input.tickets
	some l, leg in ticket.legs
}

deny contains lib.reason("markets.banned_market", message, "banned_markets", concat(", ", banned)) if {
	banned := lib.figure("banned_markets")
	some [t, l, leg] in legs
	leg.market in banned
	message := sprintf("ticket %d leg %d: market %s is banned in %s", [t, l, leg.market, input.customer.jurisdiction])
}

deny contains lib.reason("markets.minors_event", message, "youth_events_banned", "true") if {
	lib.figure("youth_events_banned") == true
	some [t, l, leg] in legs
	object.get(leg, "involves_minors", false) == true
	message := sprintf("ticket %d leg %d: %s involves minors, on which %s allows no bets", [t, l, leg.fixture, input.customer.jurisdiction])
}

deny contains lib.reason("markets.local_college_team", message, "banned_college_team_regions", concat(", ", banned)) if {
	banned := lib.figure("banned_college_team_regions")
	some [t, l, leg] in legs
	some region in object.get(leg, "college_team_regions", [])
	region in banned
	message := sprintf("ticket %d leg %d: %s involves a college team from %s, on which %s allows no bets", [t, l, leg.fixture, region, input.customer.jurisdiction])
}
