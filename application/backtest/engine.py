"""One league-season replayed day by day with the use cases the live pipeline runs.

For each match day (the calendar day of the fixtures' cutoffs), in order:
1. the strategy's opinion of each fixture of the day, from its early prices only (closing prices are never
   shown to a strategy) and, when the strategy names a model, that model's walk-forward forecast (fitted on
   results known before the fixture, refitted every `refit_days` or the model's own interval);
2. the priced selections (the strategy's probability at every price it takes) go to the stake sizing:
   the optimiser (OptimizePortfolio, the pipeline's use case, under the house limits and the customer's
   policy limits), or quarter Kelly, or a flat stake, within the same caps;
3. each ticket is issued on the day's bankroll (domain rules: stake within bankroll and the risk rules),
   then settled from the final score by the settlement rules, and its closing-line value is recorded.
Every decision of a day uses only what was known before that day's kickoffs: the bankroll settled up to the
day before, early prices, results known at the forecast's cutoff.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from itertools import groupby

from application.backtest.records import BetRecord, DayRecord, SeasonRun
from application.modelling.features.row import FeatureRow
from application.modelling.records import MatchRecord, PriceTriple
from application.modelling.walk_forward import WalkForwardPlan, walk_forward
from application.portfolio.baselines import greedy_fractional_kelly
from application.portfolio.limits import OptimiserSettings, PortfolioLimits, StakeCaps
from application.portfolio.placement import StakedTicket, place_within_caps
from application.portfolio.selections import PricedSelection
from application.portfolio.tickets import build_candidates
from application.ports.betting_strategy import BettingStrategy, StrategyInput
from application.ports.prediction_model import PredictionModel
from application.ports.progress import Progress, SilentProgress
from application.use_cases.find_edges import FindEdges, FindEdgesRequest
from application.use_cases.optimize_portfolio import OptimizePortfolio, OptimizePortfolioRequest
from domain.bankroll import Bankroll
from domain.betting import issue_ticket, settle_ticket
from domain.compliance import PolicyLimits
from domain.edges import closing_line_value
from domain.errors import DevigError, DomainError, InvalidSettlement, RuleViolation
from domain.legs import Leg
from domain.margin import DevigMethod
from domain.markets import MATCH_RESULT as MATCH_RESULT_KIND
from domain.markets import MarketSelection, Score
from domain.odds import Odds
from domain.risk import StakeRule
from domain.settlement import LegResult, settle_selection
from domain.tickets import Ticket

SELECTIONS = ("home", "draw", "away")
CLOSING_PREFERENCE = ("pinnacle", "average")


class Staking(StrEnum):
    OPTIMIZER = "optimizer"
    KELLY = "kelly"
    FLAT = "flat"


@dataclass(frozen=True, slots=True)
class CustomerLimits:
    """The policy limits of the customer the backtest bets for (None: no such limit).

    The maximum stake caps every ticket; the monthly loss limit caps what may still be lost in the calendar
    month (limit less the month's realised losses), as the compliance policy's loss allowance does.
    """

    max_stake_per_ticket: Decimal | None = None
    monthly_loss_limit: Decimal | None = None
    banned_markets: frozenset[str] = frozenset()

    def policy(self, bankroll: Bankroll, day: date) -> PolicyLimits:
        allowance = None
        if self.monthly_loss_limit is not None:
            month_profit = bankroll.realised_profit(day.replace(day=1), day)
            allowance = self.monthly_loss_limit + min(month_profit, Decimal(0))
        return PolicyLimits(self.max_stake_per_ticket, allowance, None, self.banned_markets)


@dataclass(frozen=True, slots=True)
class BacktestSettings:
    """How a backtest stakes. Defaults: the optimiser, 1,000 per league-season, singles only (closing-line
    value is a property of one price), the house limits of PortfolioLimits, no customer limit, 200 scenarios
    per optimisation; Kelly is quarter Kelly; a flat stake is 1 % of the starting bankroll."""

    staking: Staking = Staking.OPTIMIZER
    bankroll: Decimal = Decimal(1000)
    bookmakers: frozenset[str] | None = None
    refit_days: int | None = None
    limits: PortfolioLimits = field(default_factory=lambda: PortfolioLimits(max_legs=1))
    customer: CustomerLimits = field(default_factory=CustomerLimits)
    risk_rules: tuple[StakeRule, ...] = ()
    flat_fraction: Decimal = Decimal("0.01")
    kelly_share: float = 0.25
    scenarios: int = 200
    time_limit_seconds: float = 10.0
    seed: int = 0

    def __post_init__(self) -> None:
        if not self.bankroll.is_finite() or self.bankroll <= 0:
            raise DomainError(f"invalid bankroll {self.bankroll}: must be a positive amount")
        if self.refit_days is not None and self.refit_days < 1:
            raise DomainError(f"invalid refit days {self.refit_days}: must be at least 1")


def decision_days(fixtures: Sequence[MatchRecord]) -> list[tuple[date, list[MatchRecord]]]:
    """The fixtures grouped by the calendar day of their cutoff, in order."""
    ordered = sorted(fixtures, key=lambda m: (m.cutoff, m.fixture_id))
    return [(day, list(group)) for day, group in groupby(ordered, key=lambda m: m.cutoff.date())]


def bettable(match: MatchRecord) -> bool:
    """A fixture a backtest can bet on and settle: played, with early prices."""
    return match.played and bool(match.early_prices)


class SeasonBacktest:
    """Replays one league-season (the module docstring gives the rules)."""

    def __init__(self, optimize: OptimizePortfolio, find_edges: FindEdges | None = None) -> None:
        self._optimize = optimize
        self._find_edges = find_edges or optimize.find_edges

    def run(
        self,
        history: Sequence[MatchRecord],
        features: Mapping[str, FeatureRow],
        season: str,
        strategy: BettingStrategy,
        models: Mapping[str, PredictionModel],
        settings: BacktestSettings,
        progress: Progress | None = None,
    ) -> SeasonRun:
        fixtures = [m for m in history if m.season == season and bettable(m)]
        if not fixtures:
            raise DomainError(f"season {season} has no played fixture with early prices")
        league = fixtures[0].league
        forecasts, fits, failures = self._forecasts(history, features, fixtures, strategy, models, settings)
        bankroll = Bankroll(f"backtest-{league}-{season}", settings.bankroll, settings.risk_rules)
        days = decision_days(fixtures)
        task = (progress or SilentProgress()).task(f"backtest {league} {season}", len(days))
        bets: list[BetRecord] = []
        records: list[DayRecord] = []
        refused = 0
        for day, matches in days:
            start = bankroll.balance
            placed = self._decide(matches, strategy, forecasts, bankroll, settings, day)
            day_bets, day_refused = _play(placed, matches, bankroll, day, season)
            bets += day_bets
            refused += day_refused
            staked = sum((bet.stake for bet in day_bets), Decimal(0))
            records.append(DayRecord(league, season, day, len(matches), len(day_bets), staked, start,
                                     bankroll.balance))  # fmt: skip
            task.advance()
        task.finish()
        return SeasonRun(league, season, settings.bankroll, tuple(bets), tuple(records), refused, fits,
                         tuple(failures))  # fmt: skip

    def decisions(
        self,
        history: Sequence[MatchRecord],
        features: Mapping[str, FeatureRow],
        season: str,
        strategy: BettingStrategy,
        models: Mapping[str, PredictionModel],
        settings: BacktestSettings,
    ) -> dict[date, tuple[tuple[str, str, str, Decimal, Decimal], ...]]:
        """Each day's tickets (fixture, selection, bookmaker, odds, stake): what a leakage test compares."""
        run = self.run(history, features, season, strategy, models, settings)
        found: dict[date, list[tuple[str, str, str, Decimal, Decimal]]] = {}
        for bet in run.bets:
            found.setdefault(bet.day, []).append(
                (bet.fixture_id, bet.selection, bet.bookmaker, bet.odds, bet.stake)
            )
        return {day: tuple(sorted(rows)) for day, rows in found.items()}

    def _forecasts(
        self,
        history: Sequence[MatchRecord],
        features: Mapping[str, FeatureRow],
        fixtures: Sequence[MatchRecord],
        strategy: BettingStrategy,
        models: Mapping[str, PredictionModel],
        settings: BacktestSettings,
    ) -> tuple[dict[str, tuple[float, float, float]], int, list[str]]:
        if strategy.model is None:
            return {}, 0, []
        ids = {m.fixture_id for m in fixtures}
        plan = WalkForwardPlan((fixtures[0].season,), (), settings.refit_days, 1, settings.seed)
        run = walk_forward(history, features, models, plan, lambda m: m.fixture_id in ids)
        found = {fixture: f.probabilities for fixture, f in run.forecasts[strategy.model].items()}
        return found, run.fits[strategy.model], run.failures.get(strategy.model, [])

    def _decide(
        self,
        matches: Sequence[MatchRecord],
        strategy: BettingStrategy,
        forecasts: Mapping[str, tuple[float, float, float]],
        bankroll: Bankroll,
        settings: BacktestSettings,
        day: date,
    ) -> tuple[StakedTicket, ...]:
        selections = tuple(
            row for m in matches for row in _selections(m, strategy, forecasts.get(m.fixture_id), settings)
        )
        available = bankroll.available
        if not selections or available < settings.limits.min_stake:
            return ()
        policy = settings.customer.policy(bankroll, day)
        allowed = tuple(s for s in selections if policy.allows_market(s.market))
        if settings.staking is Staking.OPTIMIZER:
            request = OptimizePortfolioRequest(
                allowed, available, settings.limits, policy, strategy.filters,
                OptimiserSettings(scenarios=settings.scenarios, seed=settings.seed,
                                  time_limit_seconds=settings.time_limit_seconds),
            )  # fmt: skip
            return self._optimize.execute(request).tickets
        edges = self._find_edges.execute(FindEdgesRequest(allowed, strategy.filters)).edges
        caps = StakeCaps.combine(available, settings.limits, policy)
        singles = build_candidates(edges, PortfolioLimits(max_legs=1), every_bookmaker=False)
        if settings.staking is Staking.KELLY:
            return greedy_fractional_kelly(singles, caps, available, settings.kelly_share)
        unit = settings.bankroll * settings.flat_fraction
        ordered = sorted(singles, key=lambda t: (-t.expected_value, t.legs[0].key))
        return place_within_caps(((ticket, unit) for ticket in ordered), caps)


def _selections(
    match: MatchRecord,
    strategy: BettingStrategy,
    forecast: tuple[float, float, float] | None,
    settings: BacktestSettings,
) -> list[PricedSelection]:
    prices = dict(match.early_prices)
    opinion = strategy.opinion(StrategyInput(match.fixture_id, prices, forecast))
    if opinion is None:
        return []
    takers = set(prices) if opinion.bookmakers is None else set(opinion.bookmakers) & set(prices)
    if settings.bookmakers is not None:
        takers &= settings.bookmakers
    rows = []
    for bookmaker in sorted(takers):
        triple = prices[bookmaker]
        for selection, price, probability in zip(
            SELECTIONS, (triple.home, triple.draw, triple.away), opinion.probabilities, strict=True
        ):
            if probability <= 0.0:
                continue
            odds = Odds.from_decimal(Decimal(repr(price)))
            rows.append(PricedSelection(match.fixture_id, match.league, MATCH_RESULT, selection, bookmaker,
                                        odds, probability))  # fmt: skip
    return rows


def _play(
    placed: Sequence[StakedTicket], matches: Sequence[MatchRecord], bankroll: Bankroll, day: date, season: str
) -> tuple[list[BetRecord], int]:
    """Issue the day's tickets on the bankroll, then settle them from the final scores."""
    by_id = {m.fixture_id: m for m in matches}
    issued: list[tuple[Ticket, StakedTicket]] = []
    refused = 0
    for number, chosen in enumerate(placed, start=1):
        legs = [leg.as_leg() for leg in chosen.ticket.legs]
        ticket = Ticket.quote(
            f"{legs[0].competition}-{season}-{day.isoformat()}-{number}", legs, chosen.stake
        )
        try:
            issue_ticket(ticket, bankroll, day)
        except RuleViolation:
            refused += 1
            continue
        issued.append((ticket, chosen))
    bets = []
    for ticket, chosen in issued:
        leg, candidate = ticket.legs[0], chosen.ticket.legs[0]
        match = by_id[leg.fixture_id]
        payout = settle_ticket(ticket, bankroll, {leg.fixture_id: _leg_result(leg, match)}, day)
        clv, source = closing_value(match, leg.selection, leg.odds)
        bets.append(BetRecord(
            league=match.league, season=season, day=day, fixture_id=match.fixture_id,
            home_team=match.home_team, away_team=match.away_team, market=leg.market,
            selection=leg.selection, bookmaker=leg.bookmaker, odds=leg.odds.decimal, stake=ticket.stake,
            probability=candidate.probability,
            expected_value=candidate.probability * float(leg.odds) - 1.0,
            payout=payout, won=payout > ticket.stake, clv=clv, closing_source=source,
        ))  # fmt: skip
    return bets, refused


def closing_value(match: MatchRecord, selection: str, taken: Odds) -> tuple[float | None, str | None]:
    """CLV = odds taken × fair closing probability − 1, the fair probability de-vigged by Shin from
    Pinnacle's closing price, else the market average's; (None, None) without a closing price."""
    closing = dict(match.closing_prices)
    for bookmaker in CLOSING_PREFERENCE:
        fair = _shin(closing.get(bookmaker))
        if fair is not None:
            return closing_line_value(taken, fair[OUTCOME_INDEX[selection]]), bookmaker
    return None, None


def _shin(triple: PriceTriple | None) -> tuple[float, ...] | None:
    if triple is None:
        return None
    try:
        return triple.devigged(DevigMethod.SHIN)
    except DevigError:
        return None


MATCH_RESULT = MATCH_RESULT_KIND.code
OUTCOME_INDEX = {selection: index for index, selection in enumerate(MATCH_RESULT_KIND.selections)}


def _leg_result(leg: Leg, match: MatchRecord) -> LegResult:
    """A leg's result from its match's final score, by the live settlement's rule."""
    if match.home_goals is None or match.away_goals is None:
        raise InvalidSettlement(f"fixture {leg.fixture_id} has no final score yet")
    selection = MarketSelection(leg.market, leg.selection, leg.line)
    return settle_selection(selection, Score(match.home_goals, match.away_goals))
