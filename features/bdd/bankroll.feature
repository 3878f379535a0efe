Feature: The bankroll: stakes set aside, returns booked, risk limits respected
  Money sits in three places: "available" (free to stake), "at risk" (stakes of tickets not yet settled)
  and "the bookmaker" (what bookmakers have won from us overall; negative when we are ahead).
  Every movement is booked twice, once out of one place and once into another, so no money can appear or
  disappear: available, at risk and the bookmaker always add up to the money the bankroll started with.
  Before a stake is set aside every risk limit must allow it; a refusal names the limit that refused it.

  Background:
    Given a bankroll of 1000.00

  Scenario: Issuing a ticket sets its stake aside
    When a 50.00 single on match A is issued on 2024-05-01
    Then 950.00 is available and 50.00 is at risk

  Scenario: Cancelling an issued ticket gives its stake back
    When a 50.00 single on match A is issued on 2024-05-01
    And that ticket is cancelled
    Then 1000.00 is available and 0.00 is at risk

  Scenario: A winning ticket's payout comes back to the bankroll
    When a 50.00 single at 2.50 on match A is issued and won on 2024-05-01
    Then 1075.00 is available and 0.00 is at risk
    And the bookmaker account shows -75.00
    And every ledger posting adds up to zero
    And available, at risk and the bookmaker add up to 1000.00

  Scenario: A losing ticket's stake goes to the bookmaker
    When a 50.00 single at 2.50 on match A is issued and lost on 2024-05-01
    Then 950.00 is available and 0.00 is at risk
    And the bookmaker account shows 50.00
    And available, at risk and the bookmaker add up to 1000.00

  Scenario: A stake larger than the money available is refused
    When a 950.00 single on match A is issued on 2024-05-01
    Then a 60.00 single on match B offered on 2024-05-01 is refused under the rule StakeWithinBankroll
    And 50.00 is available and 950.00 is at risk

  Scenario: The money at risk on one match is limited
    Given a limit of 100.00 at risk per match
    When a 80.00 single on match A is issued on 2024-05-01
    Then a 30.00 double on matches A and B offered on 2024-05-01 is refused under the rule MaxExposurePerFixture
    And a 20.00 double on matches A and B offered on 2024-05-01 is accepted

  Scenario: The limit per match judges the stake still at risk, on a bankroll read back from storage
    The bankroll keeps its money at risk per match and per day as running figures, changed with every
    stake set aside, given back or settled; reading it back loads only the figures a new stake is judged on.
    Given a limit of 100.00 at risk per match
    When a 80.00 single on match A is issued on 2024-05-01
    And a 90.00 single on match B is issued on 2024-05-01
    And that ticket is cancelled
    And the bankroll is stored and read back for matches A and B on 2024-05-01
    Then a 30.00 single on match A offered on 2024-05-01 is refused under the rule MaxExposurePerFixture
    And a 100.00 single on match B offered on 2024-05-01 is accepted
    And 820.00 is available and 180.00 is at risk

  Scenario: The money at risk on one day is limited
    Given a limit of 200.00 at risk per day
    When a 150.00 single on match A is issued on 2024-05-01
    Then a 60.00 single on match B offered on 2024-05-01 is refused under the rule MaxExposurePerDay
    And a 60.00 single on match B offered on 2024-05-02 is accepted

  Scenario: Stop-loss: no new stakes once the day's losses reach the limit
    Given a stop-loss of 100.00 per day
    When a 60.00 single at 2.00 on match A is issued and lost on 2024-05-01
    Then the rule StopLoss has not been triggered
    When a 40.00 single at 2.00 on match B is issued and lost on 2024-05-01
    Then the rule StopLoss was triggered on 2024-05-01
    And a 10.00 single on match C offered on 2024-05-01 is refused under the rule StopLoss
    And a 10.00 single on match C offered on 2024-05-02 is accepted

  Scenario: Take-profit: no new stakes once the profit reaches the target
    Given a take-profit target of 200.00
    When a 100.00 single at 3.00 on match A is issued and won on 2024-05-01
    Then the rule TakeProfit was triggered on 2024-05-01
    And a 10.00 single on match B offered on 2024-05-03 is refused under the rule TakeProfit

  Scenario: Maximum drawdown: no new stakes once the balance is 20% below its highest point
    Given a maximum drawdown of 20%
    When a 100.00 single at 6.00 on match A is issued and won on 2024-05-01
    Then the balance is 1500.00, its highest so far
    When a 250.00 single at 2.00 on match B is issued and lost on 2024-05-02
    Then the rule MaxDrawdown has not been triggered
    When a 50.00 single at 2.00 on match C is issued and lost on 2024-05-02
    Then the rule MaxDrawdown was triggered on 2024-05-02
    And a 10.00 single on match D offered on 2024-05-03 is refused under the rule MaxDrawdown
