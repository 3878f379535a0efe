Feature: Strategies are judged by their closing-line value, and the live pipeline follows the evidence
  A backtest bets each past match day at the prices known before kickoff (the early prices) and judges each
  bet against the closing line: closing-line value (CLV) = odds taken × fair closing probability − 1, the
  fair probability from Pinnacle's closing price with the margin removed by Shin's method (the market
  average's closing price when Pinnacle has none). A bet without a closing price is counted apart.
  The live pipeline bets in each league with the strategy whose stored backtest has the best mean CLV, and
  never with one whose mean CLV is negative: it then bets nothing there and says why.

  Scenario: A price better than the fair closing price has a positive closing-line value
    Given a bet on the home win taken at odds 2.20
    And Pinnacle closes the match at 2.00 home, 3.60 draw, 4.00 away
    When its closing-line value is measured
    Then the fair closing probability of the home win is 49.0% by Shin's method
    And the closing-line value is +7.7%

  Scenario: Without Pinnacle's closing price the market average's is used
    Given a bet on the draw taken at odds 3.70
    And the market average closes the match at 2.10 home, 3.40 draw, 3.60 away
    When its closing-line value is measured
    Then the closing-line value is measured against the average
    And the closing-line value is +3.1%

  Scenario: A bet without any closing price has no closing-line value
    Given a bet on the away win taken at odds 3.00
    And no bookmaker's closing price is known
    When its closing-line value is measured
    Then the bet has no closing-line value

  Scenario: The live pipeline bets with the strategy of best backtest CLV
    Given a stored backtest of E0 where market-consensus has a mean CLV of +1.8%
    And a stored backtest of E0 where model-edge has a mean CLV of -0.9%
    When the pipeline chooses its strategy for E0
    Then it bets with market-consensus

  Scenario: No strategy with a negative CLV ever bets
    Given a stored backtest of E0 where market-consensus has a mean CLV of -0.2%
    And a stored backtest of E0 where model-edge has a mean CLV of -0.9%
    When the pipeline chooses its strategy for E0
    Then it bets nothing in E0 and says that every backtested strategy has a negative mean CLV

  Scenario: Without a stored backtest the pipeline keeps the champion model's edge and says so
    Given no stored backtest of E0
    When the pipeline chooses its strategy for E0
    Then it bets with model-edge
    And it says there is no stored backtest of E0
