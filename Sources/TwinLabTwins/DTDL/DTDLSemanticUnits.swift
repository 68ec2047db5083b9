/// Semantic types and the units each accepts, from the DTDL v3 quantitative-types
/// extension (version 1): each semantic type names a unit type, and each unit type
/// lists its units.
enum DTDLSemanticUnits {
  static let unitTypes: [String: String] = [
    "Acceleration": "AccelerationUnit",
    "Angle": "AngleUnit",
    "AngularAcceleration": "AngularAccelerationUnit",
    "AngularVelocity": "AngularVelocityUnit",
    "ApparentEnergy": "ApparentEnergyUnit",
    "ApparentPower": "ApparentPowerUnit",
    "Area": "AreaUnit",
    "Capacitance": "CapacitanceUnit",
    "Concentration": "Unitless",
    "Current": "CurrentUnit",
    "DataRate": "DataRateUnit",
    "DataSize": "DataSizeUnit",
    "Density": "DensityUnit",
    "Distance": "LengthUnit",
    "ElectricCharge": "ChargeUnit",
    "Energy": "EnergyUnit",
    "EnergyRate": "PowerUnit",
    "Force": "ForceUnit",
    "Frequency": "FrequencyUnit",
    "Humidity": "DensityUnit",
    "Illuminance": "IlluminanceUnit",
    "Inductance": "InductanceUnit",
    "IonizingRadiationDose": "IonizingRadiationDoseUnit",
    "Irradiance": "IrradianceUnit",
    "Latitude": "AngleUnit",
    "Length": "LengthUnit",
    "Longitude": "AngleUnit",
    "Luminance": "LuminanceUnit",
    "Luminosity": "PowerUnit",
    "LuminousFlux": "LuminousFluxUnit",
    "LuminousIntensity": "LuminousIntensityUnit",
    "MagneticFlux": "MagneticFluxUnit",
    "MagneticInduction": "MagneticInductionUnit",
    "Mass": "MassUnit",
    "MassFlowRate": "MassFlowRateUnit",
    "Power": "PowerUnit",
    "Pressure": "PressureUnit",
    "Radioactivity": "RadioactivityUnit",
    "ReactiveEnergy": "ReactiveEnergyUnit",
    "ReactivePower": "ReactivePowerUnit",
    "RelativeDensity": "Unitless",
    "RelativeHumidity": "Unitless",
    "Resistance": "ResistanceUnit",
    "SoundPressure": "SoundPressureUnit",
    "Temperature": "TemperatureUnit",
    "Thrust": "ForceUnit",
    "TimeSpan": "TimeUnit",
    "Torque": "TorqueUnit",
    "Velocity": "VelocityUnit",
    "Voltage": "VoltageUnit",
    "Volume": "VolumeUnit",
    "VolumeFlowRate": "VolumeFlowRateUnit",
  ]

  static let units: [String: Set<String>] = [
    "AccelerationUnit": ["centimetrePerSecondSquared", "gForce", "metrePerSecondSquared"],
    "AngleUnit": ["degreeOfArc", "minuteOfArc", "radian", "secondOfArc", "turn"],
    "AngularAccelerationUnit": ["radianPerSecondSquared"],
    "AngularVelocityUnit": [
      "degreePerSecond", "radianPerSecond", "revolutionPerMinute", "revolutionPerSecond",
    ],
    "ApparentEnergyUnit": [
      "gigavoltAmpereHour", "kilovoltAmpereHour", "megavoltAmpereHour", "voltAmpereHour",
    ],
    "ApparentPowerUnit": [
      "gigavoltAmpere", "kilovoltAmpere", "megavoltAmpere", "millivoltAmpere", "voltAmpere",
    ],
    "AreaUnit": [
      "acre", "hectare", "squareCentimetre", "squareFoot", "squareInch", "squareKilometre",
      "squareMetre", "squareMillimetre",
    ],
    "CapacitanceUnit": ["farad", "microfarad", "millifarad", "nanofarad", "picofarad"],
    "ChargeUnit": ["ampereHour", "coulomb", "milliampereHour"],
    "CurrentUnit": ["ampere", "kiloampere", "microampere", "milliampere"],
    "DataRateUnit": [
      "bitPerSecond", "bytePerSecond", "exbibitPerSecond", "exbibytePerSecond", "gibibitPerSecond",
      "gibibytePerSecond", "kibibitPerSecond", "kibibytePerSecond", "mebibitPerSecond",
      "mebibytePerSecond", "tebibitPerSecond", "tebibytePerSecond", "yobibitPerSecond",
      "yobibytePerSecond", "zebibitPerSecond", "zebibytePerSecond",
    ],
    "DataSizeUnit": [
      "bit", "byte", "exbibit", "exbibyte", "gibibit", "gibibyte", "kibibit", "kibibyte", "mebibit",
      "mebibyte", "tebibit", "tebibyte", "yobibit", "yobibyte", "zebibit", "zebibyte",
    ],
    "DensityUnit": [
      "gramPerCubicMetre", "kilogramPerCubicMetre", "microgramPerCubicMetre",
      "milligramPerCubicMetre",
    ],
    "EnergyUnit": [
      "britishThermalUnit", "electronvolt", "gigajoule", "gigawattHour", "joule",
      "kiloBritishThermalUnit", "kilojoule", "kilowattHour", "megaelectronvolt", "megajoule",
      "megawattHour", "milliwattHour", "terawattHour", "wattHour",
    ],
    "ForceUnit": ["newton", "ounce", "pound", "ton"],
    "FrequencyUnit": ["gigahertz", "hertz", "kilohertz", "megahertz", "millihertz"],
    "IlluminanceUnit": ["footcandle", "lux"],
    "InductanceUnit": ["henry", "microhenry", "millihenry"],
    "IonizingRadiationDoseUnit": [
      "gray", "microgray", "microsievert", "milligray", "millisievert", "sievert",
    ],
    "IrradianceUnit": ["wattPerSquareMetre"],
    "LengthUnit": [
      "astronomicalUnit", "centimetre", "foot", "inch", "kilometre", "metre", "micrometre", "mile",
      "millimetre", "nanometre", "nauticalMile",
    ],
    "LuminanceUnit": ["candelaPerSquareMetre"],
    "LuminousFluxUnit": ["lumen"],
    "LuminousIntensityUnit": ["candela"],
    "MagneticFluxUnit": ["maxwell", "weber"],
    "MagneticInductionUnit": ["gauss", "tesla"],
    "MassFlowRateUnit": [
      "gramPerHour", "gramPerSecond", "kilogramPerHour", "kilogramPerSecond", "massPoundPerHour",
    ],
    "MassUnit": ["gram", "kilogram", "massPound", "microgram", "milligram", "slug", "tonne"],
    "PowerUnit": [
      "britishThermalUnitPerHour", "gigajoulePerHour", "gigawatt", "horsepower", "joulePerHour",
      "joulePerSecond", "kiloBritishThermalUnitPerHour", "kilojoulePerHour", "kilojoulePerSecond",
      "kilowatt", "kilowattHourPerYear", "megajoulePerHour", "megawatt", "microwatt", "milliwatt",
      "tonOfRefrigeration", "watt",
    ],
    "PressureUnit": [
      "bar", "decapascal", "hectopascal", "inchesOfMercury", "inchesOfWater", "kilopascal",
      "millibar", "millimetresOfMercury", "pascal", "poundPerSquareInch",
    ],
    "RadioactivityUnit": ["becquerel", "gigabecquerel", "kilobecquerel", "megabecquerel"],
    "ReactiveEnergyUnit": [
      "gigavoltAmpereReactiveHour", "kilovoltAmpereReactiveHour", "megavoltAmpereReactiveHour",
      "voltAmpereReactiveHour",
    ],
    "ReactivePowerUnit": [
      "gigavoltAmpereReactive", "kilovoltAmpereReactive", "megavoltAmpereReactive",
      "millivoltAmpereReactive", "voltAmpereReactive",
    ],
    "ResistanceUnit": ["kiloohm", "megaohm", "milliohm", "ohm"],
    "SoundPressureUnit": ["bel", "decibel"],
    "TemperatureUnit": ["degreeCelsius", "degreeFahrenheit", "kelvin"],
    "TimeUnit": [
      "day", "hour", "microsecond", "millisecond", "minute", "nanosecond", "second", "year",
    ],
    "TorqueUnit": ["newtonMetre"],
    "Unitless": [
      "partsPerBillion", "partsPerMillion", "partsPerQuadrillion", "partsPerTrillion", "percent",
      "unity",
    ],
    "VelocityUnit": [
      "centimetrePerSecond", "kilometrePerHour", "kilometrePerSecond", "knot", "metrePerHour",
      "metrePerSecond", "milePerHour", "milePerSecond",
    ],
    "VoltageUnit": ["kilovolt", "megavolt", "microvolt", "millivolt", "volt"],
    "VolumeFlowRateUnit": [
      "cubicFootPerMinute", "cubicMetrePerHour", "cubicMetrePerMinute", "cubicMetrePerSecond",
      "gallonPerHour", "gallonPerMinute", "litrePerHour", "litrePerMinute", "litrePerSecond",
      "millilitrePerHour", "millilitrePerMinute", "millilitrePerSecond",
    ],
    "VolumeUnit": [
      "cubicCentimetre", "cubicFoot", "cubicInch", "cubicMetre", "fluidOunce", "gallon", "litre",
      "millilitre",
    ],
  ]

  /// Returns the units that `semanticType` accepts, or nil for an unknown semantic type.
  static func units(for semanticType: String) -> Set<String>? {
    unitTypes[semanticType].flatMap { units[$0] }
  }
}
