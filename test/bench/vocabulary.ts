// Words the synthetic catalog is made of: per industry field (the
// IndustryField enum), topics in Chinese with their English names, combined
// with course-type suffixes into bilingual titles such as
// 工业机器人编程 / Industrial Robotics Programming.
import type { IndustryField } from "../../src/modules/course/course.type.js";

type Topic = readonly [zh: string, en: string];

export const TOPICS: Record<IndustryField, readonly Topic[]> = {
  MODERN_AGRICULTURE: [["智慧农业", "Smart Agriculture"], ["设施园艺", "Protected Horticulture"], ["农产品质量检测", "Agricultural Product Testing"], ["植物保护", "Plant Protection"], ["畜禽养殖", "Livestock Farming"]],
  INTELLIGENT_MANUFACTURING: [["工业机器人", "Industrial Robotics"], ["数控加工", "CNC Machining"], ["智能产线", "Smart Production Lines"], ["增材制造", "Additive Manufacturing"], ["可编程控制器", "Programmable Logic Controllers"], ["机器视觉", "Machine Vision"]],
  HIGH_END_EQUIPMENT: [["精密测量", "Precision Measurement"], ["液压与气动", "Hydraulics and Pneumatics"], ["机电一体化", "Mechatronics"], ["轨道车辆", "Rail Vehicles"], ["海洋工程装备", "Offshore Engineering Equipment"]],
  NEXT_GENERATION_IT: [["云计算", "Cloud Computing"], ["大数据分析", "Big Data Analytics"], ["物联网应用", "Internet of Things Applications"], ["软件测试", "Software Testing"], ["移动应用开发", "Mobile App Development"], ["数据库管理", "Database Administration"]],
  BIOMEDICINE: [["生物制药", "Biopharmaceutics"], ["药物分析", "Pharmaceutical Analysis"], ["医疗器械", "Medical Devices"], ["细胞培养", "Cell Culture"], ["临床检验", "Clinical Laboratory Testing"]],
  ENERGY_SAVING_ENVIRONMENTAL: [["环境监测", "Environmental Monitoring"], ["水处理", "Water Treatment"], ["固废资源化", "Solid Waste Recycling"], ["建筑节能", "Building Energy Efficiency"], ["碳排放管理", "Carbon Emission Management"]],
  NEW_ENERGY: [["光伏发电", "Photovoltaic Power"], ["风力发电", "Wind Power"], ["储能系统", "Energy Storage Systems"], ["新能源汽车", "New Energy Vehicles"], ["氢能技术", "Hydrogen Energy"]],
  NEW_MATERIALS: [["复合材料", "Composite Materials"], ["高分子材料", "Polymer Materials"], ["金属材料热处理", "Metal Heat Treatment"], ["纳米材料", "Nanomaterials"], ["材料检测", "Materials Testing"]],
  RESEARCH_AND_DESIGN: [["工业设计", "Industrial Design"], ["产品建模", "Product Modelling"], ["逆向工程", "Reverse Engineering"], ["仿真分析", "Simulation Analysis"], ["人因工程", "Human Factors Engineering"]],
  DIGITAL_CREATIVE: [["数字媒体", "Digital Media"], ["动画制作", "Animation Production"], ["游戏设计", "Game Design"], ["虚拟现实", "Virtual Reality"], ["影视后期", "Film Post-Production"]],
  MODERN_TRANSPORT: [["城市轨道交通", "Urban Rail Transit"], ["汽车检测与维修", "Vehicle Inspection and Repair"], ["民航运输", "Civil Aviation Transport"], ["港口物流", "Port Operations"], ["智能交通", "Intelligent Transportation"]],
  EFFICIENT_LOGISTICS: [["供应链管理", "Supply Chain Management"], ["仓储管理", "Warehouse Management"], ["冷链物流", "Cold Chain Logistics"], ["物流信息技术", "Logistics Information Technology"], ["国际货运代理", "International Freight Forwarding"]],
  FINANCIAL_LEASING: [["融资租赁实务", "Financial Leasing Practice"], ["金融风险管理", "Financial Risk Management"], ["资产评估", "Asset Appraisal"], ["财务会计", "Financial Accounting"], ["金融科技", "Financial Technology"]],
  E_COMMERCE: [["跨境电商", "Cross-Border E-Commerce"], ["网络营销", "Online Marketing"], ["直播电商", "Live-Stream Commerce"], ["电商数据分析", "E-Commerce Analytics"], ["客户关系管理", "Customer Relationship Management"]],
  SERVICE_OUTSOURCING: [["呼叫中心运营", "Call Centre Operations"], ["业务流程外包", "Business Process Outsourcing"], ["软件外包", "Software Outsourcing"], ["商务英语", "Business English"], ["项目管理", "Project Management"]],
  HOUSEKEEPING: [["家政服务", "Domestic Services"], ["母婴护理", "Maternal and Infant Care"], ["营养配餐", "Nutrition and Meal Planning"], ["家居保洁", "Home Cleaning"], ["家庭教育指导", "Family Education Guidance"]],
  HEALTH: [["健康管理", "Health Management"], ["康复治疗", "Rehabilitation Therapy"], ["中医养生", "Traditional Chinese Medicine Wellness"], ["运动营养", "Sports Nutrition"], ["公共卫生", "Public Health"]],
  ELDERLY_CARE: [["老年护理", "Geriatric Nursing"], ["养老服务管理", "Elderly Care Management"], ["失智照护", "Dementia Care"], ["老年康复", "Geriatric Rehabilitation"], ["智慧养老", "Smart Elderly Care"]],
  CULTURE: [["文化遗产保护", "Cultural Heritage Conservation"], ["非遗传承", "Intangible Heritage"], ["文化产业管理", "Cultural Industry Management"], ["出版编辑", "Publishing and Editing"], ["博物馆管理", "Museum Management"]],
  TOURISM: [["导游实务", "Tour Guiding"], ["酒店管理", "Hotel Management"], ["旅游规划", "Tourism Planning"], ["会展策划", "Exhibition Planning"], ["研学旅行", "Study Tours"]],
  SMART_CITY: [["智慧社区", "Smart Communities"], ["建筑信息模型", "Building Information Modelling"], ["城市大脑", "City Brain Platforms"], ["智能楼宇", "Intelligent Buildings"], ["地理信息系统", "Geographic Information Systems"]],
  INTEGRATED_CIRCUITS: [["集成电路设计", "Integrated Circuit Design"], ["芯片封装测试", "Chip Packaging and Testing"], ["半导体工艺", "Semiconductor Processes"], ["嵌入式系统", "Embedded Systems"], ["电子线路", "Electronic Circuits"]],
  AERO_ENGINES_GAS_TURBINES: [["航空发动机装配", "Aero Engine Assembly"], ["燃气轮机运维", "Gas Turbine Operation"], ["航空材料", "Aviation Materials"], ["飞机维修", "Aircraft Maintenance"], ["无损检测", "Non-Destructive Testing"]],
  CYBERSECURITY: [["网络安全", "Network Security"], ["渗透测试", "Penetration Testing"], ["密码技术", "Cryptography"], ["安全运维", "Security Operations"], ["数据安全", "Data Security"]],
  ARTIFICIAL_INTELLIGENCE: [["人工智能", "Artificial Intelligence"], ["机器学习", "Machine Learning"], ["深度学习", "Deep Learning"], ["自然语言处理", "Natural Language Processing"], ["计算机视觉", "Computer Vision"], ["智能语音", "Speech Technology"]],
  OTHER: [["职业素养", "Professional Ethics"], ["创新创业", "Innovation and Entrepreneurship"], ["应用写作", "Practical Writing"], ["管理学原理", "Principles of Management"], ["质量管理", "Quality Management"]],
};

export const FIELDS = Object.keys(TOPICS) as IndustryField[];

/** Code prefixes per field, for course codes like IM-0042. */
export const FIELD_CODES: Record<IndustryField, string> = {
  MODERN_AGRICULTURE: "AG", INTELLIGENT_MANUFACTURING: "IM", HIGH_END_EQUIPMENT: "HE", NEXT_GENERATION_IT: "IT", BIOMEDICINE: "BM",
  ENERGY_SAVING_ENVIRONMENTAL: "EV", NEW_ENERGY: "NE", NEW_MATERIALS: "NM", RESEARCH_AND_DESIGN: "RD", DIGITAL_CREATIVE: "DC",
  MODERN_TRANSPORT: "TR", EFFICIENT_LOGISTICS: "LG", FINANCIAL_LEASING: "FL", E_COMMERCE: "EC", SERVICE_OUTSOURCING: "SO",
  HOUSEKEEPING: "HK", HEALTH: "HL", ELDERLY_CARE: "EL", CULTURE: "CU", TOURISM: "TO", SMART_CITY: "SC", INTEGRATED_CIRCUITS: "IC",
  AERO_ENGINES_GAS_TURBINES: "AE", CYBERSECURITY: "CS", ARTIFICIAL_INTELLIGENCE: "AI", OTHER: "GE",
};

/** Course types: the same topic is taught as fundamentals, lab, project, … */
export const SUFFIXES: readonly Topic[] = [
  ["基础", "Fundamentals"], ["技术", "Technology"], ["编程", "Programming"], ["运维", "Operation and Maintenance"], ["实训", "Practical Training"],
  ["综合实践", "Integrated Practice"], ["设计", "Design"], ["应用", "Applications"], ["导论", "Introduction"], ["进阶", "Advanced Topics"],
  ["项目实战", "Capstone Project"], ["案例分析", "Case Studies"],
];

export const OUTCOME_VERBS: readonly string[] = ["能够独立完成", "能够分析", "能够设计", "掌握", "熟悉", "理解"];
export const OUTCOME_OBJECTS: readonly string[] = ["的基本流程", "的常见故障排查", "的安全规范", "的核心原理", "的典型项目", "的质量标准"];

export const PROVINCES: readonly { code: string; name: string; city: string }[] = [
  { code: "11", name: "北京市", city: "北京市" }, { code: "12", name: "天津市", city: "天津市" }, { code: "31", name: "上海市", city: "上海市" },
  { code: "32", name: "江苏省", city: "南京市" }, { code: "33", name: "浙江省", city: "杭州市" }, { code: "37", name: "山东省", city: "济南市" },
  { code: "42", name: "湖北省", city: "武汉市" }, { code: "44", name: "广东省", city: "广州市" }, { code: "50", name: "重庆市", city: "重庆市" },
  { code: "51", name: "四川省", city: "成都市" }, { code: "61", name: "陕西省", city: "西安市" }, { code: "35", name: "福建省", city: "福州市" },
];

export const UNIVERSITY_STEMS: readonly [string, string][] = [
  ["职业技术学院", "Polytechnic"], ["理工大学", "University of Technology"], ["科技大学", "University of Science and Technology"],
  ["职业技术大学", "Vocational University"], ["工程学院", "Institute of Engineering"], ["交通职业学院", "Vocational College of Transport"],
];

export const PROVIDER_STEMS: readonly [string, string][] = [
  ["智能装备有限公司", "Intelligent Equipment Co., Ltd."], ["信息技术有限公司", "Information Technology Co., Ltd."], ["教育科技有限公司", "Education Technology Co., Ltd."],
  ["新能源股份有限公司", "New Energy Co., Ltd."], ["医药集团有限公司", "Pharmaceutical Group Co., Ltd."], ["物流有限公司", "Logistics Co., Ltd."],
];

export const BRAND_SYLLABLES: readonly [string, string][] = [
  ["华", "Hua"], ["中", "Zhong"], ["恒", "Heng"], ["信", "Xin"], ["达", "Da"], ["创", "Chuang"], ["远", "Yuan"], ["联", "Lian"], ["科", "Ke"], ["瑞", "Rui"],
  ["智", "Zhi"], ["通", "Tong"], ["博", "Bo"], ["新", "Xin"], ["海", "Hai"], ["安", "An"],
];

export const SURNAMES: readonly string[] = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "高"];
export const GIVEN_NAMES: readonly string[] = ["伟", "芳", "娜", "敏", "静", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超", "秀英", "霞", "平", "刚", "桂英", "子涵", "浩然", "雨轩"];

export const OCCUPATIONS: readonly string[] = ["工业机器人系统运维员", "数控车工", "云计算工程技术人员", "电子商务师", "健康管理师", "养老护理员", "物流服务师", "网络安全工程师", "人工智能训练师", "新能源汽车检测与维修工"];
export const CERTIFICATE_LEVELS: readonly string[] = ["初级", "中级", "高级"];
