import type { Database } from "../db/database.js";
import type { Logger } from "../http/logger.js";
import type { Viewer } from "../auth/viewer.js";
import type { Sealer } from "../modules/ledger/sealer.js";
import { LedgerService } from "../modules/ledger/ledger.service.js";
import { OrganizationService } from "../modules/organization/organization.service.js";
import { createOrganizationLoaders } from "../modules/organization/organization.loaders.js";
import { CourseService } from "../modules/course/course.service.js";
import { createCourseLoaders } from "../modules/course/course.loaders.js";
import { CoursePackageService } from "../modules/course-package/course-package.service.js";
import { createCoursePackageLoaders } from "../modules/course-package/course-package.loaders.js";
import { LearnerService } from "../modules/learner/learner.service.js";
import { createLearnerLoaders } from "../modules/learner/learner.loaders.js";
import { GradeScaleService } from "../modules/grade-scale/grade-scale.service.js";
import { createGradeScaleLoaders } from "../modules/grade-scale/grade-scale.loaders.js";
import { AchievementService } from "../modules/achievement/achievement.service.js";
import { createAchievementLoaders } from "../modules/achievement/achievement.loaders.js";
import { AgreementService } from "../modules/agreement/agreement.service.js";
import { createAgreementLoaders } from "../modules/agreement/agreement.loaders.js";
import { TransferService } from "../modules/transfer/transfer.service.js";
import { TransferAppealService } from "../modules/transfer/transfer-appeal.service.js";
import { createTransferLoaders } from "../modules/transfer/transfer.loaders.js";
import { ResolutionIndex } from "../modules/resolution/resolution-index.js";
import { ResolutionService } from "../modules/resolution/resolution.service.js";
import { TransferPlanService } from "../modules/resolution/transfer-plan.service.js";
import { RecognitionStatisticsService } from "../modules/resolution/recognition-statistics.service.js";
import { SigningKeyService } from "../modules/ledger/signing-key.service.js";
import { StatementService } from "../modules/statement/statement.service.js";
import { ImportService } from "../modules/exchange/import.service.js";
import { ExportService } from "../modules/exchange/export.service.js";

/** Long-lived services, one set per server. */
export function createServices(database: Database, sealer: Sealer) {
  const gradeScales = new GradeScaleService(database);
  const resolutionIndex = new ResolutionIndex(database);
  const services = {
    sealer,
    ledger: new LedgerService(database),
    organizations: new OrganizationService(database),
    courses: new CourseService(database),
    coursePackages: new CoursePackageService(database),
    learners: new LearnerService(database),
    gradeScales,
    achievements: new AchievementService(database),
    agreements: new AgreementService(database, (agreementId) => resolutionIndex.agreementChanged(agreementId)),
    transfers: new TransferService(database),
    transferAppeals: new TransferAppealService(database),
    resolutionIndex,
    resolution: new ResolutionService(resolutionIndex, database),
    transferPlans: new TransferPlanService(database, new TransferService(database)),
    recognitionStatistics: new RecognitionStatisticsService(database),
  };
  return {
    ...services,
    signingKeys: new SigningKeyService(database, sealer.keyRing),
    statements: new StatementService(database, services.ledger, sealer, services.learners),
    imports: new ImportService(database, services),
    exports: new ExportService(database),
  };
}
export type Services = ReturnType<typeof createServices>;

/** Per-request DataLoaders: batching and caching never outlive one request. */
export function createLoaders(services: Services) {
  return {
    ...createOrganizationLoaders(services.organizations),
    ...createCourseLoaders(services.courses),
    ...createCoursePackageLoaders(services.coursePackages),
    ...createLearnerLoaders(services.learners),
    ...createGradeScaleLoaders(services.gradeScales),
    ...createAchievementLoaders(services.achievements),
    ...createAgreementLoaders(services.agreements),
    ...createTransferLoaders(services.transfers, services.transferAppeals),
  };
}
export type Loaders = ReturnType<typeof createLoaders>;

export interface Context {
  requestId: string;
  viewer: Viewer;
  services: Services;
  loaders: Loaders;
  logger: Logger;
}
