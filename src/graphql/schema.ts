import "reflect-metadata";
import { buildSchema } from "type-graphql";
import { assertInterfaceType, type GraphQLSchema } from "graphql";
import { NodeResolver } from "./node.resolver.js";
import { ViewerResolver } from "../auth/viewer.resolver.js";
import { OrganizationResolver } from "../modules/organization/organization.resolver.js";
import { CourseResolver, OrganizationCoursesResolver } from "../modules/course/course.resolver.js";
import {
  CoursePackageItemResolver,
  CoursePackageResolver,
  CoursePackagesOfCourseResolver,
  OrganizationCoursePackagesResolver,
} from "../modules/course-package/course-package.resolver.js";
import { LedgerResolver } from "../modules/ledger/ledger.resolver.js";
import { University, TrainingProvider, organizationTypeOf } from "../modules/organization/organization.type.js";
import { nodeTypeOf } from "./node.js";
import { LearnerResolver } from "../modules/learner/learner.resolver.js";
import { GradeScaleResolver } from "../modules/grade-scale/grade-scale.resolver.js";
import { AchievementResolver, LearnerAchievementsResolver } from "../modules/achievement/achievement.resolver.js";
import {
  AgreementPartyResolver,
  AgreementResolver,
  AgreementSuspensionResolver,
  AgreementTerminationResolver,
  AgreementVersionResolver,
  OrganizationAgreementsResolver,
} from "../modules/agreement/agreement.resolver.js";
import { CitedCourseResolver, CourseEquivalenceRulesResolver, EquivalenceRuleResolver, RuleTargetResolver } from "../modules/agreement/equivalence-rule.resolver.js";
import {
  CreditTransferResolver,
  LearnerTransfersResolver,
  TranscriptEntryResolver,
  TranscriptResolver,
  TransferAppealResolver,
  TransferDecisionResolver,
  TransferEvaluationResolver,
  TransferResolver,
  TransferReversalResolver,
} from "../modules/transfer/transfer.resolver.js";
import {
  EquivalenceResultResolver,
  EquivalenceStepResolver,
  OrganizationRecommendationResolver,
  PathwayRecommendationResolver,
  PlannedCompletionResolver,
  ResolutionResolver,
  TransferPlanResolver,
} from "../modules/resolution/resolution.resolver.js";
import { CourseRecognitionCountResolver, RecognitionStatisticsGroupResolver, RecognitionStatisticsResolver } from "../modules/resolution/recognition-statistics.resolver.js";
import { SigningKeyResolver } from "../modules/ledger/signing-key.resolver.js";
import { StatementResolver } from "../modules/statement/statement.resolver.js";
import { ExchangeResolver } from "../modules/exchange/exchange.resolver.js";


/** Builds the executable schema from every module's resolvers. */
export async function createSchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: [
      NodeResolver, ViewerResolver, OrganizationResolver, LearnerResolver, GradeScaleResolver, AchievementResolver, LearnerAchievementsResolver, LedgerResolver,
      CourseResolver, OrganizationCoursesResolver, CoursePackageResolver, CoursePackageItemResolver, CoursePackagesOfCourseResolver, OrganizationCoursePackagesResolver,
      AgreementResolver, AgreementVersionResolver, AgreementPartyResolver, AgreementSuspensionResolver, AgreementTerminationResolver, OrganizationAgreementsResolver,
      EquivalenceRuleResolver, RuleTargetResolver, CitedCourseResolver, CourseEquivalenceRulesResolver,
      TransferResolver, CreditTransferResolver, TransferDecisionResolver, TransferReversalResolver, TransferAppealResolver,
      TranscriptResolver, TranscriptEntryResolver, TransferEvaluationResolver, LearnerTransfersResolver,
      ResolutionResolver, EquivalenceResultResolver, EquivalenceStepResolver, TransferPlanResolver, PlannedCompletionResolver, PathwayRecommendationResolver,
      OrganizationRecommendationResolver, RecognitionStatisticsResolver, RecognitionStatisticsGroupResolver, CourseRecognitionCountResolver,
      SigningKeyResolver, StatementResolver, ExchangeResolver,
    ],
    // Concrete types reachable only through interfaces must be listed.
    orphanedTypes: [University, TrainingProvider],
    validate: false,
  });
  // type-graphql wraps a custom resolveType in an async function; graphql-jit,
  // which executes every operation, needs the type name synchronously.
  assertInterfaceType(schema.getType("Node")).resolveType = nodeTypeOf;
  assertInterfaceType(schema.getType("Organization")).resolveType = organizationTypeOf;
  return schema;
}
