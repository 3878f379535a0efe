Feature: Placing issued tickets with bookmakers
  An issued ticket is sent to its bookmaker as an order: its stake, each leg at the odds the ticket was
  issued at as the lowest odds it takes, and the ticket id as the order's reference. The paper bookmaker
  (the default for every bookmaker, until a real one is configured) fills the order at the current price
  when that price is at least the ticket's odds and the stake is within its limit. What the bookmaker does
  not take goes back to the bankroll at once; a placed ticket is paid on the odds and stake actually taken.

  Background:
    Given a bankroll of 1000.00
    And the paper bookmaker prices Arsenal to win at 2.10 and takes at most 100.00 per selection

  Scenario: A ticket the bookmaker takes at its price or better is placed
    When a 50.00 single on Arsenal at 2.05 is issued and placed
    Then the ticket is placed at odds of 2.10
    And 950.00 is available and 50.00 is at risk

  Scenario: A price that moved below the ticket's odds rejects it and releases the stake at once
    Given the price of Arsenal to win moves to 2.00
    When a 50.00 single on Arsenal at 2.05 is issued and placed
    Then the ticket is rejected because the price moved
    And 1000.00 is available and 0.00 is at risk

  Scenario: A stake above the bookmaker's limit is rejected and released
    When a 150.00 single on Arsenal at 2.05 is issued and placed
    Then the ticket is rejected because it is over the limit
    And 1000.00 is available and 0.00 is at risk

  Scenario: Placing the same ticket again makes no second bet
    When a 50.00 single on Arsenal at 2.05 is issued and placed
    And the same ticket is sent to the bookmaker again
    Then the bookmaker holds one bet for it

  Scenario: An exchange matching part of the stake keeps only that part at risk
    When a 50.00 single on Arsenal at 2.10 is issued and the exchange matches 30.00 of it at 2.10
    Then the ticket is partially placed
    And 970.00 is available and 30.00 is at risk

  Scenario: A won exchange bet pays on the matched stake less the commission on the winnings
    When a 50.00 single on Arsenal at 2.10 is issued and the exchange matches 30.00 of it at 2.10
    And the ticket wins with a commission of 5% on the winnings
    Then it pays 61.35
    And 1031.35 is available and 0.00 is at risk
