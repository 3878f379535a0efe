Feature: Quotes priced by stakewise's own predictions
  A partner names fixtures; stakewise prices their open markets with its champion model's stored
  predictions and the bookmakers' latest stored prices, and quotes optimised tickets. Every quoted leg
  names the bookmaker offering its price and that price exactly as stored, so the ticket issues as quoted.
  For each selection the best price across the bookmakers one can bet with is taken (line shopping).

  Background:
    Given the champion model "dixon-coles/EPL" version 3 has predicted fixtures F1, F2 and F3
    And pinnacle, bet365 and the market maximum price their 1x2 and totals 2.5 markets

  Scenario: stakewise prices a partner's fixtures from its own predictions
    When the partner asks for a quote on fixtures F1, F2 and F3 with at most 2 legs
    Then the quote has tickets
    And every leg carries the champion's probability, its model version and its edge
    And every quoted ticket is issued unchanged

  Scenario: line shopping takes the best price
    When the partner asks for a quote on fixtures F1, F2 and F3 with at most 2 legs
    Then every leg is at bet365's latest price, the best one can bet with
    And no leg is at the market maximum, which is not a bookmaker

  Scenario: A fixture that has kicked off is not quoted
    When the partner asks for a quote on fixtures F1 and F9 with at most 1 leg
    Then the quote names F9 as skipped
    And no leg is on F9
