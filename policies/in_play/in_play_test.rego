package stakewise.in_play_test

import rego.v1

import data.stakewise.fixtures_test as fx
import data.stakewise.in_play

test_pre_match_bets_are_never_refused_here if {
	every code, _ in data.jurisdictions {
		count(in_play.deny) == 0 with input as fx.request(code)
	}
}

test_australia_bans_online_in_play_betting if {
	denied := in_play.deny with input as fx.with_leg("AU", {"in_play": true})
	fx.rules(denied) == {"in_play.banned"}
	some reason in denied
	contains(reason.source, "Interactive Gambling Act 2001")
}

test_great_britain_allows_in_play_on_any_market if {
	count(in_play.deny) == 0 with input as fx.with_leg("GB", {"in_play": true, "market": "corners"})
}

test_germany_allows_in_play_on_the_final_result if {
	count(in_play.deny) == 0 with input as fx.with_leg("DE", {"in_play": true, "market": "1x2"})
	count(in_play.deny) == 0 with input as fx.with_leg("DE", {"in_play": true, "market": "next_goal"})
}

test_germany_refuses_in_play_on_other_markets if {
	denied := in_play.deny with input as fx.with_leg("DE", {"in_play": true, "market": "totals"})
	fx.rules(denied) == {"in_play.market_not_allowed"}
	some reason in denied
	reason.figure == "in_play_markets = 1x2, next_goal"
}

test_germany_allows_any_market_before_kick_off if {
	count(in_play.deny) == 0 with input as fx.with_leg("DE", {"in_play": false, "market": "totals"})
}
