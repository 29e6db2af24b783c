// Fictional but plausible names for the demo: organizations across the State
// Council's industry fields, and course topics per field (Chinese, English).

export interface DemoField {
  field: string;
  topics: [string, string][];
}

export const DEMO_FIELDS: DemoField[] = [
  { field: "INTELLIGENT_MANUFACTURING", topics: [["智能制造技术基础", "Fundamentals of Intelligent Manufacturing"], ["工业机器人编程", "Industrial Robot Programming"], ["数控加工工艺", "CNC Machining Processes"], ["可编程控制器应用", "PLC Applications"], ["机器视觉检测", "Machine Vision Inspection"], ["数字孪生工厂", "Digital Twin Factories"], ["智能产线运维", "Smart Production Line Maintenance"], ["工业互联网平台", "Industrial Internet Platforms"], ["精益生产管理", "Lean Production Management"], ["增材制造技术", "Additive Manufacturing"]] },
  { field: "INTEGRATED_CIRCUITS", topics: [["集成电路设计导论", "Introduction to IC Design"], ["半导体器件物理", "Semiconductor Device Physics"], ["芯片封装与测试", "Chip Packaging and Testing"], ["模拟电路设计", "Analog Circuit Design"], ["数字逻辑验证", "Digital Logic Verification"], ["版图设计实践", "Layout Design Practice"], ["晶圆制造工艺", "Wafer Fabrication Processes"], ["嵌入式系统开发", "Embedded Systems Development"], ["电子设计自动化", "Electronic Design Automation"], ["可测试性设计", "Design for Testability"]] },
  { field: "ARTIFICIAL_INTELLIGENCE", topics: [["机器学习基础", "Machine Learning Fundamentals"], ["深度学习实践", "Deep Learning in Practice"], ["自然语言处理", "Natural Language Processing"], ["计算机视觉应用", "Applied Computer Vision"], ["数据标注与治理", "Data Labelling and Governance"], ["智能语音技术", "Speech Technology"], ["知识图谱构建", "Building Knowledge Graphs"], ["模型部署与运维", "Model Deployment and Operations"], ["强化学习导论", "Introduction to Reinforcement Learning"], ["人工智能伦理", "AI Ethics"]] },
  { field: "NEW_ENERGY", topics: [["新能源汽车结构", "New Energy Vehicle Architecture"], ["动力电池管理", "Battery Management Systems"], ["光伏发电技术", "Photovoltaic Generation"], ["风电场运维", "Wind Farm Operations"], ["储能系统集成", "Energy Storage Integration"], ["充电设施建设", "Charging Infrastructure"], ["电机驱动控制", "Motor Drive Control"], ["氢能与燃料电池", "Hydrogen and Fuel Cells"], ["微电网技术", "Microgrid Technology"], ["能源管理系统", "Energy Management Systems"]] },
  { field: "CYBERSECURITY", topics: [["网络安全基础", "Cybersecurity Fundamentals"], ["渗透测试实战", "Penetration Testing Practice"], ["安全运维管理", "Security Operations"], ["密码学应用", "Applied Cryptography"], ["等级保护测评", "Classified Protection Assessment"], ["云安全架构", "Cloud Security Architecture"], ["应急响应与取证", "Incident Response and Forensics"], ["工控系统安全", "Industrial Control System Security"], ["数据安全治理", "Data Security Governance"], ["安全开发生命周期", "Secure Development Lifecycle"]] },
  { field: "EFFICIENT_LOGISTICS", topics: [["现代物流管理", "Modern Logistics Management"], ["智慧仓储技术", "Smart Warehousing"], ["供应链数字化", "Digital Supply Chains"], ["冷链物流实务", "Cold Chain Logistics"], ["运输调度优化", "Transport Scheduling"], ["跨境物流", "Cross-border Logistics"], ["物流信息系统", "Logistics Information Systems"], ["配送中心运营", "Distribution Centre Operations"], ["包装与装卸", "Packaging and Handling"], ["物流成本控制", "Logistics Cost Control"]] },
  { field: "ELDERLY_CARE", topics: [["老年照护基础", "Foundations of Elderly Care"], ["失智照护技术", "Dementia Care"], ["康复护理实务", "Rehabilitation Nursing"], ["老年营养与膳食", "Nutrition for Older Adults"], ["智慧养老平台", "Smart Elderly Care Platforms"], ["安宁疗护", "Palliative Care"], ["老年心理支持", "Psychological Support for Older Adults"], ["社区居家养老服务", "Community Home Care Services"], ["养老机构管理", "Care Home Management"], ["急救与安全防护", "First Aid and Safety"]] },
  { field: "E_COMMERCE", topics: [["电子商务运营", "E-commerce Operations"], ["直播电商实务", "Live-stream Commerce"], ["网店视觉设计", "Online Store Visual Design"], ["数字营销", "Digital Marketing"], ["跨境电商", "Cross-border E-commerce"], ["客户服务管理", "Customer Service Management"], ["电商数据分析", "E-commerce Analytics"], ["农产品电商", "Agricultural E-commerce"], ["社交电商运营", "Social Commerce"], ["电商法律法规", "E-commerce Law"]] },
  { field: "MODERN_AGRICULTURE", topics: [["智慧农业技术", "Smart Agriculture"], ["设施园艺", "Protected Horticulture"], ["农业无人机植保", "Agricultural Drone Spraying"], ["农产品质量检测", "Agricultural Product Testing"], ["节水灌溉技术", "Water-saving Irrigation"], ["畜牧养殖管理", "Livestock Management"], ["土壤与肥料", "Soil and Fertilisers"], ["农业物联网", "Agricultural IoT"], ["种子生产技术", "Seed Production"], ["农业经济管理", "Agricultural Economics"]] },
  { field: "DIGITAL_CREATIVE", topics: [["数字媒体设计", "Digital Media Design"], ["三维建模与动画", "3D Modelling and Animation"], ["游戏美术设计", "Game Art Design"], ["虚拟现实开发", "Virtual Reality Development"], ["影视后期制作", "Film Post-production"], ["交互设计", "Interaction Design"], ["数字插画", "Digital Illustration"], ["短视频创作", "Short Video Production"], ["品牌视觉识别", "Brand Visual Identity"], ["用户体验研究", "User Experience Research"]] },
  { field: "BIOMEDICINE", topics: [["生物制药工艺", "Biopharmaceutical Processes"], ["药物分析", "Pharmaceutical Analysis"], ["细胞培养技术", "Cell Culture Techniques"], ["医疗器械维护", "Medical Device Maintenance"], ["药品质量管理", "Drug Quality Management"], ["基因检测技术", "Genetic Testing"], ["生物安全实验", "Biosafety Laboratory Practice"], ["制剂技术", "Pharmaceutical Formulation"], ["临床数据管理", "Clinical Data Management"], ["医药市场营销", "Pharmaceutical Marketing"]] },
  { field: "SMART_CITY", topics: [["智慧城市概论", "Introduction to Smart Cities"], ["城市大数据", "Urban Big Data"], ["建筑信息模型", "Building Information Modelling"], ["智能交通系统", "Intelligent Transport Systems"], ["物联网感知技术", "IoT Sensing"], ["城市安全应急", "Urban Safety and Emergency"], ["智慧社区管理", "Smart Community Management"], ["地理信息系统", "Geographic Information Systems"], ["绿色建筑技术", "Green Building"], ["城市运营中心", "City Operations Centres"]] },
];

/** Universities and vocational colleges: province code (MOE 学校标识码 digits 2–3), name, English name, region. */
export const DEMO_UNIVERSITIES: [string, string, string, string][] = [
  ["44", "岭南智造职业技术大学", "Lingnan Polytechnic University of Intelligent Manufacturing", "广东省广州市"],
  ["32", "江南集成电路学院", "Jiangnan Institute of Integrated Circuits", "江苏省无锡市"],
  ["11", "京华人工智能大学", "Jinghua University of Artificial Intelligence", "北京市"],
  ["33", "之江新能源职业学院", "Zhijiang Vocational College of New Energy", "浙江省杭州市"],
  ["61", "秦川网络安全学院", "Qinchuan College of Cybersecurity", "陕西省西安市"],
  ["42", "楚天物流职业技术学院", "Chutian Logistics Polytechnic", "湖北省武汉市"],
  ["31", "海上康养职业学院", "Haishang Vocational College of Health and Elderly Care", "上海市"],
  ["33", "西湖数字商贸学院", "Xihu College of Digital Commerce", "浙江省杭州市"],
  ["51", "天府现代农业职业学院", "Tianfu Vocational College of Modern Agriculture", "四川省成都市"],
  ["43", "潇湘数字创意学院", "Xiaoxiang College of Digital Creativity", "湖南省长沙市"],
  ["37", "齐鲁生物医药职业学院", "Qilu Vocational College of Biomedicine", "山东省济南市"],
  ["50", "巴渝智慧城市大学", "Bayu University of Smart Cities", "重庆市"],
];

/** Enterprises (training providers): 6-digit division code, name, English name, region. */
export const DEMO_PROVIDERS: [string, string, string, string][] = [
  ["440300", "鹏城智能装备有限公司", "Pengcheng Intelligent Equipment Co., Ltd.", "广东省深圳市"],
  ["320200", "锡芯微电子科技有限公司", "Xixin Microelectronics Co., Ltd.", "江苏省无锡市"],
  ["110108", "北辰智算科技有限公司", "Beichen Intelligent Computing Co., Ltd.", "北京市海淀区"],
  ["330100", "钱塘新能源汽车有限公司", "Qiantang New Energy Vehicles Co., Ltd.", "浙江省杭州市"],
  ["610100", "长安卫士网络安全有限公司", "Chang'an Guardian Cybersecurity Co., Ltd.", "陕西省西安市"],
  ["420100", "九省通衢供应链有限公司", "Jiusheng Supply Chain Co., Ltd.", "湖北省武汉市"],
  ["310100", "申康颐养服务有限公司", "Shenkang Elderly Care Services Co., Ltd.", "上海市"],
  ["330100", "云集电商运营有限公司", "Yunji E-commerce Operations Co., Ltd.", "浙江省杭州市"],
  ["510100", "蜀禾智慧农业有限公司", "Shuhe Smart Agriculture Co., Ltd.", "四川省成都市"],
  ["430100", "麓山数字传媒有限公司", "Lushan Digital Media Co., Ltd.", "湖南省长沙市"],
  ["370100", "泉城生物制药有限公司", "Quancheng Biopharmaceutical Co., Ltd.", "山东省济南市"],
  ["500100", "山城智慧城市科技有限公司", "Shancheng Smart City Technology Co., Ltd.", "重庆市"],
];

/** Pseudonymous learners: external reference at their provider and a display name (never a national ID). */
export const DEMO_LEARNERS: [string, string][] = [
  ["EMP-2025-0001", "陈同学"],
  ["EMP-2025-0002", "林同学"],
  ["EMP-2025-0003", "黄同学"],
  ["EMP-2025-0004", "周同学"],
  ["EMP-2025-0005", "吴同学"],
  ["EMP-2025-0006", "徐同学"],
];
