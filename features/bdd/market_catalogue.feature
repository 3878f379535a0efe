Feature: Every ticket binds to the market catalogue
  stakewise takes a bet only on a fixture it knows, in a market it offers, at a price it has stored.
  Markets and selections are named by their canonical codes, nothing else is guessed; a market closes at
  kickoff unless it is priced in play; odds above the bookmaker's latest price are refused with the
  current price; a fixture with no result long after its kickoff is void, and its legs count at odds 1.

  Background:
    Given the clock reads 2025-05-10 12:00 UTC
    And fixture "Arsenal v Chelsea" kicks off at 2025-05-10 16:00 UTC
    And pinnacle prices "Arsenal v Chelsea" 1x2 home at 2.10 and draw at 3.40
    And pinnacle prices "Arsenal v Chelsea" totals over 2.5 at 1.95
    And a partner with a bankroll of 100.00 and an adult customer in GB

  Scenario: A ticket at the stored price is issued with the price it was checked against
    When the customer asks for 10.00 on "Arsenal v Chelsea" 1x2 home at 2.10 with pinnacle
    Then the ticket is issued
    And its leg was checked against pinnacle's price 2.10

  Scenario Outline: A selection the catalogue does not offer is refused
    When the customer asks for 10.00 on "Arsenal v Chelsea" <market> <selection> at 2.00 with <bookmaker>
    Then the ticket is refused by the rule "UnknownSelection"
    And nothing is stored

    Examples:
      | market    | selection | bookmaker |
      | whatever  | home      | pinnacle  |
      | 1x2       | anything  | pinnacle  |
      | totals    | over      | pinnacle  |
      | totals    | over 3.5  | pinnacle  |
      | 1X2       | home      | pinnacle  |
      | 1x2       | home      | nobody    |

  Scenario: A fixture stakewise does not know is refused
    When the customer asks for 10.00 on "Made Up v Nobody" 1x2 home at 2.10 with pinnacle
    Then the ticket is refused by the rule "UnknownFixture"

  Scenario: The market closes at kickoff
    Given the clock reads 2025-05-10 16:05 UTC
    When the customer asks for 10.00 on "Arsenal v Chelsea" 1x2 home at 2.10 with pinnacle
    Then the ticket is refused by the rule "MarketClosed"

  Scenario: A market priced in play stays open after kickoff, and the leg is in play
    Given the clock reads 2025-05-10 16:20 UTC
    And pinnacle prices "Arsenal v Chelsea" 1x2 home at 1.80 at 2025-05-10 16:15 UTC
    When the customer asks for 10.00 on "Arsenal v Chelsea" 1x2 home at 1.80 with pinnacle
    Then the ticket is issued
    And its leg is in play

  Scenario: A postponed fixture's markets are closed
    Given "Arsenal v Chelsea" is postponed
    When the customer asks for 10.00 on "Arsenal v Chelsea" 1x2 home at 2.10 with pinnacle
    Then the ticket is refused by the rule "MarketClosed"

  Scenario: Odds above the latest stored price are refused with the current price
    When the customer asks for 10.00 on "Arsenal v Chelsea" 1x2 home at 2.25 with pinnacle
    Then the ticket is refused by the rule "PriceChanged"
    And the refusal carries the current odds 2.10

  Scenario: A fixture without a result 48 hours after kickoff is void, and its leg counts at odds 1
    Given fixture "Leeds v Hull" kicks off at 2025-05-10 16:00 UTC
    And pinnacle prices "Leeds v Hull" 1x2 draw at 3.00
    And the customer holds an accumulator of 10.00 on "Arsenal v Chelsea" 1x2 home at 2.10 and "Leeds v Hull" 1x2 draw at 3.00
    And "Arsenal v Chelsea" ended 2-0
    And "Leeds v Hull" is postponed
    When settlement runs at 2025-05-12 17:00 UTC
    Then the accumulator is settled with a payout of 21.00
