Feature: How much to stake
  Stakes follow the Kelly criterion: the share of the bankroll that makes it grow fastest in the long run.
  A bet that is not expected to return more than it costs gets nothing. Safer variants stake a set share
  of Kelly (quarter Kelly) or never more than a cap. Shares are of the current bankroll; amounts of money
  are rounded down to the cent, so a stake never exceeds what the rule allows.
  For the outcomes of one match (home, draw, away) the stakes are sized together ("simultaneous Kelly"):
  an outcome may then be staked as a hedge although on its own it is expected to lose a little.

  Scenario: A bet with an edge
    Given a bet at odds 2.00 that wins 55% of the time
    When the stake is sized with full Kelly
    Then 10.0% of the bankroll is staked

  Scenario: Quarter Kelly stakes a quarter of full Kelly
    Given a bet at odds 2.00 that wins 55% of the time
    When the stake is sized with quarter Kelly
    Then 2.5% of the bankroll is staked

  Scenario: A cap limits what a strong edge would stake
    Given a bet at odds 3.00 that wins 60% of the time
    When the stake is sized with full Kelly capped at 5% of the bankroll
    Then 5.0% of the bankroll is staked

  Scenario: A bet without an edge gets nothing
    Given a bet at odds 1.80 that wins 50% of the time
    When the stake is sized with full Kelly
    Then 0.0% of the bankroll is staked

  Scenario: No outcome has positive expected value, so nothing is staked
    Given a match where home pays 2.10 and wins 45% of the time, the draw pays 3.40 and comes 28% of the time, and away pays 3.50 and wins 27% of the time
    When the stakes are sized together with simultaneous Kelly
    Then 0.0% goes on home, 0.0% on the draw and 0.0% on away

  Scenario: Simultaneous Kelly may hedge with an outcome whose expected value is below 1
    Given a match where home pays 2.50 and wins 50% of the time, the draw pays 3.00 and comes 30% of the time, and away pays 3.20 and wins 20% of the time
    When the stakes are sized together with simultaneous Kelly
    Then 20.0% goes on home, 5.0% on the draw and 0.0% on away
    And the draw returns 0.90 per 1.00 staked on average, yet it is staked
    And the bankroll is expected to grow faster than with Kelly on home alone

  Scenario: Stakes on one match never exceed the share allowed for the bankroll
    Given a match where home pays 2.50 and wins 50% of the time, the draw pays 3.00 and comes 30% of the time, and away pays 3.20 and wins 20% of the time
    When the stakes are sized together with simultaneous Kelly, at most 10% of the bankroll in all
    Then 8.0% goes on home, 2.0% on the draw and 0.0% on away

  Scenario: A stake in money is rounded down to the cent
    Given a bankroll of 1234.56
    When 2.5% of it is staked
    Then the stake is 30.86
