/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** Industry field of a course, after the State Council's list of industries for industry–education integration. */
export type IndustryField =
  /** 航空发动机及燃气轮机 */
  | 'AERO_ENGINES_GAS_TURBINES'
  /** 人工智能 */
  | 'ARTIFICIAL_INTELLIGENCE'
  /** 生物医药 */
  | 'BIOMEDICINE'
  /** 文化 */
  | 'CULTURE'
  /** 网络安全 */
  | 'CYBERSECURITY'
  /** 数字创意 */
  | 'DIGITAL_CREATIVE'
  /** 高效物流 */
  | 'EFFICIENT_LOGISTICS'
  /** 养老 */
  | 'ELDERLY_CARE'
  /** 节能环保 */
  | 'ENERGY_SAVING_ENVIRONMENTAL'
  /** 电子商务 */
  | 'E_COMMERCE'
  /** 融资租赁 */
  | 'FINANCIAL_LEASING'
  /** 健康 */
  | 'HEALTH'
  /** 高端装备 */
  | 'HIGH_END_EQUIPMENT'
  /** 家政 */
  | 'HOUSEKEEPING'
  /** 集成电路 */
  | 'INTEGRATED_CIRCUITS'
  /** 智能制造 */
  | 'INTELLIGENT_MANUFACTURING'
  /** 现代农业 */
  | 'MODERN_AGRICULTURE'
  /** 现代交通运输 */
  | 'MODERN_TRANSPORT'
  /** 新能源 */
  | 'NEW_ENERGY'
  /** 新材料 */
  | 'NEW_MATERIALS'
  /** 新一代信息技术 */
  | 'NEXT_GENERATION_IT'
  /** 其他 */
  | 'OTHER'
  /** 研发设计 */
  | 'RESEARCH_AND_DESIGN'
  /** 服务外包 */
  | 'SERVICE_OUTSOURCING'
  /** 智慧城市 */
  | 'SMART_CITY'
  /** 旅游 */
  | 'TOURISM';

export type OrganizationKind =
  /** An enterprise training provider; `code` is its 18-character unified social credit code (统一社会信用代码). */
  | 'TRAINING_PROVIDER'
  /** A university or vocational college; `code` is its 10-digit MOE institution identifier (学校标识码). */
  | 'UNIVERSITY';

export type SearchCoursesQueryVariables = Exact<{
  text?: string | null | undefined;
  first?: number | null | undefined;
}>;


export type SearchCoursesQuery = { courses: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, code: string, title: string, titleEn: string | null, credits: string | null, field: IndustryField, hours: { lecture: string, practice: string, total: string }, organization:
        | { id: string, name: string }
        | { id: string, name: string }
      , packages: { nodes: Array<{ code: string, title: string }> } }> } };

export type OrganizationsQueryVariables = Exact<{
  kind?: OrganizationKind | null | undefined;
  first?: number | null | undefined;
}>;


export type OrganizationsQuery = { organizations: { totalCount: number, nodes: Array<
      | { __typename: 'TrainingProvider', id: string, name: string, nameEn: string | null, code: string, region: string | null, courses: { totalCount: number, nodes: Array<{ code: string, title: string }> } }
      | { __typename: 'University', id: string, name: string, nameEn: string | null, code: string, region: string | null, courses: { totalCount: number, nodes: Array<{ code: string, title: string }> } }
    > } };

export type LedgerCheckpointQueryVariables = Exact<{ [key: string]: never; }>;


export type LedgerCheckpointQuery = { ledgerCheckpoint: { treeSize: number, rootHash: string, issuedAt: string, keyId: string, jws: string } | null, ledgerUnitTotals: Array<{ unit: string, total: string }> };


export const SearchCoursesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SearchCourses"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"text"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}},"defaultValue":{"kind":"StringValue","value":"智能","block":false}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"10"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"courses"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"text"},"value":{"kind":"Variable","name":{"kind":"Name","value":"text"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"titleEn"}},{"kind":"Field","name":{"kind":"Name","value":"hours"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"lecture"}},{"kind":"Field","name":{"kind":"Name","value":"practice"}},{"kind":"Field","name":{"kind":"Name","value":"total"}}]}},{"kind":"Field","name":{"kind":"Name","value":"credits"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"organization"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"packages"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"3"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<SearchCoursesQuery, SearchCoursesQueryVariables>;
export const OrganizationsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Organizations"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"kind"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"OrganizationKind"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"10"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"organizations"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"kind"},"value":{"kind":"Variable","name":{"kind":"Name","value":"kind"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"nameEn"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"region"}},{"kind":"Field","name":{"kind":"Name","value":"courses"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"3"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<OrganizationsQuery, OrganizationsQueryVariables>;
export const LedgerCheckpointDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"LedgerCheckpoint"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ledgerCheckpoint"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"treeSize"}},{"kind":"Field","name":{"kind":"Name","value":"rootHash"}},{"kind":"Field","name":{"kind":"Name","value":"issuedAt"}},{"kind":"Field","name":{"kind":"Name","value":"keyId"}},{"kind":"Field","name":{"kind":"Name","value":"jws"}}]}},{"kind":"Field","name":{"kind":"Name","value":"ledgerUnitTotals"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"unit"}},{"kind":"Field","name":{"kind":"Name","value":"total"}}]}}]}}]} as unknown as DocumentNode<LedgerCheckpointQuery, LedgerCheckpointQueryVariables>;