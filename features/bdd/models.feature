Feature: Models are promoted on evidence and forecast only from what was known
  A quant trains challengers; a challenger replaces the champion only when it beats the champion's
  ranked probability score (RPS) by a margin, on the same matches, and every decision is recorded.
  Forecasts use only information available before kickoff, and never come out as NaN.

  Background:
    Given a league with three seasons of results, early prices and closing prices

  Scenario: The first challenger becomes champion
    Given a dixon-coles challenger trained on the league
    When the champion/challenger rule is applied over the last season with a margin of 0.0005
    Then the challenger is promoted because there is no champion yet
    And 1 decision is recorded

  Scenario: A challenger that does not beat the champion by the margin stays a challenger
    Given a dixon-coles champion with time decay 0.0019
    And a dixon-coles challenger with time decay 0.0019
    When the champion/challenger rule is applied over the last season with a margin of 0.0005
    Then the challenger is not promoted
    And the champion is still version 1
    And 2 decisions are recorded, the last with both scores

  Scenario: A challenger that beats the champion by the margin replaces it
    Given a dixon-coles champion with time decay 0.05
    And a dixon-coles challenger with time decay 0.0019
    When the champion/challenger rule is applied over the last season with a margin of 0.0005
    Then the challenger is promoted
    And the champion is version 2 and version 1 is retired

  Scenario: Closing prices are never a model input
    When the features of a fixture are built
    Then its market features are its de-vigged early prices
    And changing its closing prices or its result changes none of its features

  Scenario: A team the model has never seen gets the documented fallback, not NaN
    Given a dixon-coles model trained on the league
    When it forecasts a match of a team it has never seen
    Then the three probabilities are finite and sum to 1
    And the forecast names the unseen team as rated like a newcomer

  Scenario: The blend keeps the market prior when it has too little out-of-sample evidence
    Given a blend with no out-of-sample forecasts of its components
    When it forecasts a fixture
    Then the forecast equals the de-vigged early prices
    And the forecast says it kept the prior only
