Feature: Choosing a ticket portfolio
  The optimiser chooses which singles and accumulators to issue, and how much to stake on each, so that the
  bankroll grows fastest in expectation over the joint outcomes of the fixtures (expected log growth).
  Every limit of the house and of the compliance policy is a hard constraint, never a preference.

  Background:
    Given a bankroll of 1000
    And twelve fixtures priced by three bookmakers, some prices above the model's fair price

  Scenario: An accumulator never combines two legs of one fixture or of one correlation group
    Given fixtures 1 to 6 are in correlation group "derby-weekend"
    When the portfolio is optimised with accumulators of up to 3 legs
    Then some tickets are accumulators
    And no ticket has two legs on one fixture
    And no ticket has two legs in the correlation group "derby-weekend"

  Scenario: The policy's maximum stake and remaining loss allowance are never exceeded
    Given the policy allows at most 4.00 per ticket and 30.00 of further losses
    When the portfolio is optimised
    Then every stake is at most 4.00
    And the stakes add up to at most 30.00

  Scenario: A market the policy bans is never staked
    Given the fixtures are also priced in the market "player_cards"
    And the policy bans the market "player_cards"
    When the portfolio is optimised
    Then no leg is in the market "player_cards"

  Scenario: The optimised portfolio grows the bankroll faster than greedy quarter Kelly
    When the portfolio is optimised
    Then the solution is proven optimal
    And its expected log growth is above greedy quarter Kelly's on the same scenarios

  Scenario: With nothing worth betting, no ticket is issued and the answer says why
    Given every price is below the model's fair price
    When the portfolio is optimised
    Then no ticket is issued
    And the reason given is "no selection passes the filters"

  Scenario: The house limits on combined odds and potential return hold for every ticket
    Given the house allows combined odds of at most 6.00 and a potential return of at most 80.00 per ticket
    When the portfolio is optimised with accumulators of up to 2 legs
    Then some tickets are accumulators
    And every ticket's combined odds are at most 6.00
    And no ticket could pay more than 80.00
