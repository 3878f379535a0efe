package stakewise.markets_test

import rego.v1

import data.stakewise.fixtures_test as fx
import data.stakewise.markets

test_a_plain_1x2_bet_is_fine_everywhere if {
	every code, _ in data.jurisdictions {
		count(markets.deny) == 0 with input as fx.request(code)
	}
}

test_a_banned_market_is_refused if {
	denied := markets.deny with input as fx.with_leg("DE", {"market": "player_cards"})
	fx.rules(denied) == {"markets.banned_market"}
}

test_a_market_banned_elsewhere_is_fine_in_great_britain if {
	count(markets.deny) == 0 with input as fx.with_leg("GB", {"market": "player_cards"})
}

test_events_involving_minors_are_refused_where_banned if {
	every code, _ in data.jurisdictions {
		fx.rules(markets.deny) == {"markets.minors_event"} with input as fx.with_leg(code, {"involves_minors": true})
	}
}

test_events_involving_minors_are_accepted_where_the_data_allows_them if {
	count(markets.deny) == 0 with input as fx.with_leg("GB", {"involves_minors": true})
		with data.jurisdictions.GB.figures.youth_events_banned.value as false
}

test_new_jersey_refuses_bets_on_new_jersey_college_teams if {
	denied := markets.deny with input as fx.with_leg("US-NJ", {"college_team_regions": ["PA", "NJ"]})
	fx.rules(denied) == {"markets.local_college_team"}
	some reason in denied
	contains(reason.message, "college team from NJ")
}

test_new_jersey_accepts_bets_on_other_college_teams if {
	count(markets.deny) == 0 with input as fx.with_leg("US-NJ", {"college_team_regions": ["PA", "NY"]})
}

test_other_jurisdictions_do_not_restrict_college_teams if {
	count(markets.deny) == 0 with input as fx.with_leg("GB", {"college_team_regions": ["NJ"]})
}
